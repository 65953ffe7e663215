//! What `sheaf serve` agrees to answer: requests whose `Host` names this
//! computer, and files on disk that resolve inside the site.
//!
//! DNS rebinding: a page on `evil.example` re-points its own name at
//! 127.0.0.1 and reads the preview with scripts, since the browser thinks
//! it is talking to `evil.example`. The browser still sends
//! `Host: evil.example`, so only names of this computer are accepted:
//! `localhost` (and `*.localhost`), loopback addresses, the address sheaf
//! listens on, and the `--interface` name given. IP literals are safe when
//! sheaf listens on every address (`0.0.0.0`), as no name is involved.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use axum::response::Response;

/// The names a `Host` header may carry, and the folder files must stay in.
#[derive(Debug, Clone)]
pub struct Guard {
    bound: IpAddr,
    /// `--interface` as given, lowercased (it may be a name).
    interface: String,
    /// The site root, with symbolic links resolved.
    root: PathBuf,
}

impl Guard {
    pub fn new(root: &Path, bound: IpAddr, interface: &str) -> Guard {
        Guard {
            bound,
            interface: interface.trim_matches(['[', ']']).to_ascii_lowercase(),
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// Whether a `Host` header value (`name`, `name:port`, `[v6]:port`)
    /// names this computer.
    pub fn allows_host(&self, host: &str) -> bool {
        let name = host_name(host).to_ascii_lowercase();
        let name = name.trim_end_matches('.');
        if name == "localhost" || name.ends_with(".localhost") || name == self.interface {
            return true;
        }
        let literal = match name.strip_prefix('[') {
            Some(rest) => rest.strip_suffix(']').unwrap_or("not an address"),
            None => name,
        };
        match literal.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback() || ip == self.bound || self.bound.is_unspecified(),
            Err(_) => false,
        }
    }

    /// `path` with links resolved, if it stays inside the site root; else
    /// the 403 to answer with. A `static/` link to `/etc/passwd` is
    /// published by `build` as the author asked, but never read by a
    /// preview any web page can reach.
    #[allow(clippy::result_large_err)]
    pub fn confined(&self, path: &Path) -> Result<PathBuf, Response> {
        match path.canonicalize() {
            Ok(real) if real.starts_with(&self.root) => Ok(real),
            Ok(_) => Err(super::respond::plain(
                StatusCode::FORBIDDEN,
                "refused: the file is a link to somewhere outside the site\n",
            )),
            Err(_) => Err(super::respond::plain(
                StatusCode::NOT_FOUND,
                "the file is gone; save again to rebuild\n",
            )),
        }
    }
}

/// The name part of a `Host` value: `[::1]:8080` -> `[::1]`,
/// `localhost:8080` -> `localhost`, `::1` (bare, unusual) stays whole.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            name
        }
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn guard(bound: IpAddr, interface: &str) -> Guard {
        Guard::new(Path::new("/nonexistent"), bound, interface)
    }

    #[test]
    fn only_names_of_this_computer_are_accepted() {
        let g = guard(IpAddr::V4(Ipv4Addr::LOCALHOST), "127.0.0.1");
        for ok in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "localhost:1111",
            "LOCALHOST",
            "localhost.",
            "app.localhost:80",
            "[::1]:1111",
            "127.1.2.3",
        ] {
            assert!(g.allows_host(ok), "{ok} refused");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "192.168.1.9:1111",
            "",
            "[::1",
        ] {
            assert!(!g.allows_host(bad), "{bad} accepted");
        }
    }

    #[test]
    fn the_bound_address_and_interface_name_are_accepted() {
        let lan: IpAddr = "192.168.1.9".parse().unwrap();
        let g = guard(lan, "192.168.1.9");
        assert!(g.allows_host("192.168.1.9:4000"));
        assert!(!g.allows_host("10.0.0.1:4000"));
        let named = guard(IpAddr::V4(Ipv4Addr::LOCALHOST), "Localhost");
        assert!(named.allows_host("localhost:4000"));
        let any = guard(IpAddr::V4(Ipv4Addr::UNSPECIFIED), "0.0.0.0");
        assert!(any.allows_host("10.0.0.1:4000"));
        assert!(!any.allows_host("evil.example:4000"));
    }
}
