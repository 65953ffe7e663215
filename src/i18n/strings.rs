//! The few interface strings only a multilingual site shows (the language
//! switcher's label, the out-of-date notice), in the languages the default
//! theme ships, with English for any other. Kept here until the theme's
//! strings table carries them.

/// Interface text for one language.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct LanguageStrings {
    /// Names the language switcher for screen readers.
    pub switcher_label: &'static str,
    /// The notice on an out-of-date translation; the link follows it.
    pub outdated_notice: &'static str,
    /// The link text to the source-language page.
    pub outdated_link: &'static str,
}

const EN: LanguageStrings = LanguageStrings {
    switcher_label: "Other languages",
    outdated_notice: "The page this translation comes from has changed since it was translated, so some details here may be out of date.",
    outdated_link: "Read the current version",
};

const VI: LanguageStrings = LanguageStrings {
    switcher_label: "Ngôn ngữ khác",
    outdated_notice: "Trang gốc của bản dịch này đã được cập nhật sau khi dịch, nên một số thông tin ở đây có thể chưa mới.",
    outdated_link: "Đọc bản mới nhất",
};

const AR: LanguageStrings = LanguageStrings {
    switcher_label: "لغات أخرى",
    outdated_notice: "تغيّرت الصفحة الأصلية منذ أن تُرجمت هذه الصفحة، لذلك قد لا تكون بعض المعلومات هنا محدَّثة.",
    outdated_link: "اقرأ النسخة الحالية",
};

const ZH: LanguageStrings = LanguageStrings {
    switcher_label: "其他语言",
    outdated_notice: "本译文翻译之后，原文已有更新，因此这里的部分内容可能不是最新的。",
    outdated_link: "阅读最新版本",
};

/// The strings for `tag`, by its language subtag (`zh-CN` uses `zh`).
pub fn for_language(tag: &str) -> &'static LanguageStrings {
    let language = tag.split('-').next().unwrap_or(tag);
    match language {
        "vi" => &VI,
        "ar" => &AR,
        "zh" => &ZH,
        _ => &EN,
    }
}
