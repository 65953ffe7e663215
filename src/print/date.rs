//! The booklet's date: `SOURCE_DATE_EPOCH` when set (reproducible builds),
//! else the newest date of its content. Never the wall clock, so the same
//! input gives the same booklet.

use crate::content::Content;
use crate::content::date::ContentDate;
use crate::ids::PageId;

/// The booklet date, or `None` when neither the environment nor the
/// content has one.
pub fn booklet_date(content: &Content, printed: &[PageId]) -> Option<ContentDate> {
    if let Some(date) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .and_then(date_from_epoch)
    {
        return Some(date);
    }
    let newest = |pages: &mut dyn Iterator<Item = PageId>| {
        pages
            .filter_map(|i| {
                let front = &content.pages[i].front;
                front.updated.as_ref().or(front.date.as_ref())
            })
            .map(|d| (d.year, d.month, d.day))
            .max()
    };
    newest(&mut printed.iter().copied())
        .or_else(|| newest(&mut content.pages.keys()))
        .map(|(year, month, day)| ContentDate {
            year,
            month,
            day,
            time: String::new(),
        })
}

/// When a PDF of `pages` was made, in Unix seconds: `SOURCE_DATE_EPOCH`
/// when set, else midnight UTC of the pages' newest `updated`/`date`.
/// Never the clock, so two builds write the same dates.
pub fn pdf_epoch(content: &Content, pages: &[PageId]) -> Option<i64> {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        return Some(epoch);
    }
    let date = booklet_date(content, pages)?;
    Some(days_from_civil(date.year.into(), date.month.into(), date.day.into()) * 86_400)
}

/// Days since 1970-01-01 of a calendar date (Howard Hinnant's
/// days_from_civil, the inverse of [`date_from_epoch`]).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The UTC calendar date of a Unix time (Howard Hinnant's civil_from_days).
pub fn date_from_epoch(seconds: i64) -> Option<ContentDate> {
    let days = seconds.div_euclid(86_400);
    let z = days.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(ContentDate {
        year: i32::try_from(year).ok()?,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
        time: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_become_utc_dates() {
        assert_eq!(date_from_epoch(0).unwrap().ymd(), "1970-01-01");
        assert_eq!(date_from_epoch(1_739_145_600).unwrap().ymd(), "2025-02-10");
        assert_eq!(date_from_epoch(951_782_400).unwrap().ymd(), "2000-02-29");
        assert_eq!(date_from_epoch(-86_400).unwrap().ymd(), "1969-12-31");
    }

    #[test]
    fn calendar_dates_become_epoch_days_and_back() {
        assert_eq!(days_from_civil(2025, 2, 10) * 86_400, 1_739_145_600);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 2, 29) * 86_400, 951_782_400);
    }
}
