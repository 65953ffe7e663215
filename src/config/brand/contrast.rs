//! Colour contrast by WCAG 2's relative-luminance formula, so `[brand]`
//! colours that would make text unreadable are refused with their ratio.

/// The contrast WCAG 2 asks of body text (success criterion 1.4.3, AA).
pub const MINIMUM_RATIO: f64 = 4.5;

/// An sRGB colour, channels 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f64, pub f64, pub f64);

pub const WHITE: Rgb = Rgb(1.0, 1.0, 1.0);

/// Parses a CSS colour (`#0b5e70`, `rgb(11 94 112)`, `teal`); `None` when it
/// is not one, or when it is see-through (the contrast would depend on
/// what is behind it).
pub fn parse(text: &str) -> Option<Rgb> {
    let colour = csscolorparser::parse(text.trim()).ok()?;
    if colour.a < 1.0 {
        return None;
    }
    Some(Rgb(
        f64::from(colour.r),
        f64::from(colour.g),
        f64::from(colour.b),
    ))
}

/// A CSS colour as `#rrggbb`.
pub fn hex(text: &str) -> Option<String> {
    let Rgb(r, g, b) = parse(text)?;
    let byte = |v: f64| (v * 255.0).round().clamp(0.0, 255.0) as u8;
    Some(format!("#{:02x}{:02x}{:02x}", byte(r), byte(g), byte(b)))
}

/// WCAG 2 relative luminance.
pub fn luminance(c: Rgb) -> f64 {
    fn channel(v: f64) -> f64 {
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    }
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// The contrast ratio of two colours, 1 to 21.
pub fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// A ratio as people quote it: `4.52:1`, rounded down so `4.499` never
/// reads as passing.
pub fn show(ratio: f64) -> String {
    format!("{:.2}:1", (ratio * 100.0).floor() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn black_on_white_is_21_and_white_on_white_is_1() {
        let black = parse("#000").unwrap();
        assert!((ratio(black, WHITE) - 21.0).abs() < 1e-9);
        assert!((ratio(WHITE, WHITE) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn known_pairs_match_published_ratios() {
        // WebAIM's checker: #767676 on white is 4.54:1, #777777 4.48:1.
        assert_eq!(show(ratio(parse("#767676").unwrap(), WHITE)), "4.54:1");
        assert_eq!(show(ratio(parse("#777").unwrap(), WHITE)), "4.47:1");
        assert_eq!(
            show(ratio(parse("rgb(255 255 0)").unwrap(), WHITE)),
            "1.07:1"
        );
    }

    #[test]
    fn see_through_and_invalid_colours_are_refused() {
        assert!(parse("rgba(0,0,0,0.5)").is_none());
        assert!(parse("not-a-colour").is_none());
        assert!(parse("teal").is_some());
    }
}
