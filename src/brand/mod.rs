//! The organisation's name, logo, colours, footer and top navigation as
//! templates get them (`site.brand`, `config.brand`): URLs resolved against
//! the content and the base path. The settings and their check on load are
//! `crate::config::brand`'s; docs/branding.md is the contract.

mod menu;

use serde::Serialize;

pub use menu::{MenuItem, resolve_menu};

use crate::config::Config;
use crate::config::brand::contrast;

/// What templates get in `site` from `[brand]`: URLs ready to use.
#[derive(Debug, Clone, Serialize)]
pub struct BrandContext {
    /// `[[menu]]` in weight order, URLs resolved.
    pub menu: Vec<MenuItem>,
    pub footer_links: Vec<MenuItem>,
    pub logo_url: Option<String>,
    pub logo_alt: String,
    /// The stylesheet linked after the theme's, when there is one.
    pub extra_css_url: Option<String>,
    pub search_placeholder: Option<String>,
    pub footer_text: Option<String>,
    /// `accent`/`accent_dark` as `#rrggbb` (checked colours, so safe to
    /// put in a `<style>`), for the theme's custom properties.
    pub accent: Option<String>,
    pub accent_dark: Option<String>,
}

impl BrandContext {
    pub fn new(config: &Config, content: &crate::content::Content) -> Self {
        let brand = &config.brand;
        let (menu, footer_links, _) = resolve_menu(config, content);
        let url = |path: &str| config.url_for(path.trim_start_matches('/'));
        Self {
            menu,
            footer_links,
            logo_url: brand.settings.logo.as_deref().map(url),
            logo_alt: brand
                .settings
                .logo_alt
                .clone()
                .unwrap_or_else(|| organisation(config).to_string()),
            extra_css_url: brand.css.as_deref().map(url),
            search_placeholder: brand.settings.search_placeholder.clone(),
            footer_text: brand.settings.footer_text.clone(),
            accent: brand.settings.accent.as_deref().and_then(contrast::hex),
            accent_dark: brand
                .settings
                .accent_dark
                .as_deref()
                .and_then(contrast::hex),
        }
    }
}

/// The organisation a site speaks for: `[brand] organisation`, else the
/// site's title. Every page's author (how-to-cite, citation metadata)
/// comes from here.
pub fn organisation(config: &Config) -> &str {
    config
        .brand
        .settings
        .organisation
        .as_deref()
        .filter(|o| !o.trim().is_empty())
        .unwrap_or(&config.title)
}
