//! Dates as each language the default theme ships writes them: "ngày 1
//! tháng 3 năm 2024", "1 مارس 2024", "2024年3月1日". English and any other
//! language keep `ContentDate::display`'s English forms.

/// Arabic month names as CLDR gives them for `ar` (Gregorian, the
/// international names used across the Arabic-speaking world).
const AR_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// The date in `language`'s own form, or `None` for English and languages
/// without one here. Month is 1–12.
pub fn display(year: i32, month: u8, day: u8, language: &str) -> Option<String> {
    let primary = language.split(['-', '_']).next().unwrap_or(language);
    let month_index = usize::from(month.clamp(1, 12) - 1);
    match primary.to_ascii_lowercase().as_str() {
        "vi" => Some(format!("ngày {day} tháng {month} năm {year}")),
        "zh" | "ja" => Some(format!("{year}年{month}月{day}日")),
        "ko" => Some(format!("{year}년 {month}월 {day}일")),
        "ar" => Some(format!("{day} {} {year}", AR_MONTHS[month_index])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::display;

    #[test]
    fn dates_follow_the_language() {
        assert_eq!(
            display(2024, 3, 1, "vi").unwrap(),
            "ngày 1 tháng 3 năm 2024"
        );
        assert_eq!(display(2024, 3, 1, "zh-CN").unwrap(), "2024年3月1日");
        assert_eq!(display(2025, 2, 10, "ar").unwrap(), "10 فبراير 2025");
        assert_eq!(display(2024, 3, 1, "en-AU"), None);
    }
}
