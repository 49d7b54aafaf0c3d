//! From syntect's styles to ratatui's, and the theme code is highlighted with.
//!
//! **Colour:** bat's `ansi` theme (shipped by two-face). It names colours of the terminal's own
//! 16-colour palette instead of fixed RGB values, so code reads well on dark *and* light
//! terminals (the user's palette is already tuned for their background), on projectors, and on
//! terminals without true colour. Palette black, white and grey are mapped to the terminal's
//! default foreground because one of them is always invisible on some background, and blue
//! is shown as light blue, which plain blue is too dark to read on many dark palettes.
//!
//! **No colour** (`NO_COLOR`, `--color never`): code is not highlighted at all (see
//! [`super::highlight_with`]).

use ratatui::style::{Color, Modifier, Style};
use syntect::highlighting::{self as syn, FontStyle, Theme};

/// Converts a syntect style to a ratatui style.
pub fn convert(style: syn::Style) -> Style {
    let mut out = Style::new();
    if let Some(fg) = palette_color(style.foreground) {
        out = out.fg(fg);
    }
    if let Some(bg) = palette_color(style.background) {
        out = out.bg(bg);
    }
    let font = style.font_style;
    if font.contains(FontStyle::BOLD) {
        out = out.add_modifier(Modifier::BOLD);
    }
    if font.contains(FontStyle::ITALIC) {
        out = out.add_modifier(Modifier::ITALIC);
    }
    if font.contains(FontStyle::UNDERLINE) {
        out = out.add_modifier(Modifier::UNDERLINED);
    }
    out
}

/// The terminal colour a theme colour stands for, or `None` for "the terminal's default".
///
/// bat's terminal themes encode a palette index in the red channel with alpha 0, and "default"
/// as alpha 1; any other alpha is a true RGB colour.
fn palette_color(color: syn::Color) -> Option<Color> {
    match color.a {
        0 => match color.r {
            // Black, white and grey vanish on one of the two kinds of background.
            0 | 7 | 15 => None,
            1 => Some(Color::Red),
            2 => Some(Color::Green),
            3 => Some(Color::Yellow),
            // Plain blue is too dark to read on many dark backgrounds.
            4 => Some(Color::LightBlue),
            5 => Some(Color::Magenta),
            6 => Some(Color::Cyan),
            8 => Some(Color::DarkGray),
            9 => Some(Color::LightRed),
            10 => Some(Color::LightGreen),
            11 => Some(Color::LightYellow),
            12 => Some(Color::LightBlue),
            13 => Some(Color::LightMagenta),
            14 => Some(Color::LightCyan),
            index => Some(Color::Indexed(index)),
        },
        1 => None,
        _ => Some(Color::Rgb(color.r, color.g, color.b)),
    }
}

/// The colour theme: bat's `ansi`.
pub fn color_theme() -> Theme {
    two_face::theme::extra()
        .get(two_face::theme::EmbeddedThemeName::Ansi)
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ansi(index: u8) -> syn::Color {
        syn::Color {
            r: index,
            g: 0,
            b: 0,
            a: 0,
        }
    }

    #[test]
    fn palette_indices_become_named_colours() {
        assert_eq!(palette_color(ansi(5)), Some(Color::Magenta));
        assert_eq!(palette_color(ansi(2)), Some(Color::Green));
        assert_eq!(palette_color(ansi(4)), Some(Color::LightBlue));
        assert_eq!(palette_color(ansi(200)), Some(Color::Indexed(200)));
    }

    #[test]
    fn colours_invisible_on_some_background_fall_back_to_default() {
        assert_eq!(palette_color(ansi(0)), None);
        assert_eq!(palette_color(ansi(7)), None);
        assert_eq!(palette_color(ansi(15)), None);
        let default = syn::Color {
            r: 0,
            g: 0,
            b: 0,
            a: 1,
        };
        assert_eq!(palette_color(default), None);
    }

    #[test]
    fn rgb_colours_pass_through() {
        let c = syn::Color {
            r: 1,
            g: 2,
            b: 3,
            a: 255,
        };
        assert_eq!(palette_color(c), Some(Color::Rgb(1, 2, 3)));
    }
}
