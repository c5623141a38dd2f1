//! Pictures of a share for the world outside the app: the link-preview card (1200×630),
//! its square (WeChat's card thumbnail) and the poster (750×1334, 分享海报) people save
//! and post to Moments. Each is an SVG made here from the share's parts, rendered by
//! `resvg` with one CJK font (chat apps' previews show pictures, not our CSS).

use circle_markup::escape;
use resvg::{tiny_skia, usvg};
use std::{path::Path, sync::Arc};

/// Where Debian's `fonts-wqy-microhei` (installed by `cargo xtask setup`) puts its font.
pub const DEFAULT_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

const BRAND: &str = "#c83d28";
const INK: &str = "#1f1d1b";
const MUTED: &str = "#6b655f";
const PAPER: &str = "#fff8f4";

/// Which picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// 1200×630 JPEG, for `og:image`.
    Card,
    /// 600×600 JPEG, the thumbnail of WeChat's card.
    Square,
    /// 750×1334 PNG with the link's QR code.
    Poster,
}

impl Kind {
    pub fn size(self) -> (u32, u32) {
        match self {
            Kind::Card => (1200, 630),
            Kind::Square => (600, 600),
            Kind::Poster => (750, 1334),
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Card | Kind::Square => "image/jpeg",
            Kind::Poster => "image/png",
        }
    }
}

/// What a picture shows. `photo` is an image's content type and bytes.
#[derive(Debug, Clone, Hash)]
pub struct Parts<'a> {
    pub title: &'a str,
    pub words: &'a str,
    pub price: &'a str,
    pub author: &'a str,
    pub link: &'a str,
    pub photo: Option<(&'a str, &'a [u8])>,
}

/// The loaded font (none when its file is missing: pictures then carry no words).
#[derive(Clone)]
pub struct Fonts {
    db: Arc<usvg::fontdb::Database>,
    family: Option<String>,
}

impl Fonts {
    pub fn load(path: &Path) -> Fonts {
        let mut db = usvg::fontdb::Database::new();
        match std::fs::read(path) {
            Ok(bytes) => db.load_font_data(bytes),
            Err(e) => tracing::warn!(
                "share cards: no font at {} ({e}); their words will be missing. \
                 Run `cargo xtask setup` or pass --card-font.",
                path.display()
            ),
        }
        let family = db
            .faces()
            .next()
            .and_then(|f| f.families.first())
            .map(|(name, _)| name.clone());
        Fonts {
            db: Arc::new(db),
            family,
        }
    }

    pub fn has_text(&self) -> bool {
        self.family.is_some()
    }

    /// Renders `svg` at `scale` into RGBA pixels.
    pub fn pixels(&self, svg: &str, scale: f32) -> Result<image::RgbaImage, String> {
        let options = usvg::Options {
            fontdb: Arc::clone(&self.db),
            font_family: self.family.clone().unwrap_or_else(|| "sans-serif".into()),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
        let size = tree
            .size()
            .to_int_size()
            .scale_by(scale)
            .ok_or("empty picture")?;
        let mut pixmap =
            tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("empty picture")?;
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        // Our pictures are opaque, so premultiplied pixels are the plain ones.
        image::RgbaImage::from_raw(size.width(), size.height(), pixmap.take())
            .ok_or_else(|| "bad pixel buffer".into())
    }

    /// The picture `kind` of `parts`, encoded as `kind.content_type()`.
    pub fn paint(&self, kind: Kind, parts: &Parts<'_>) -> Result<Vec<u8>, String> {
        let svg = match kind {
            Kind::Card => card(parts),
            Kind::Square => square(parts),
            Kind::Poster => poster(parts),
        };
        let pixels = self.pixels(&svg, 1.0)?;
        let mut out = std::io::Cursor::new(Vec::new());
        match kind {
            Kind::Poster => pixels
                .write_to(&mut out, image::ImageFormat::Png)
                .map_err(|e| e.to_string())?,
            Kind::Card | Kind::Square => {
                let rgb = image::DynamicImage::ImageRgba8(pixels).to_rgb8();
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 86)
                    .encode_image(&rgb)
                    .map_err(|e| e.to_string())?;
            }
        }
        Ok(out.into_inner())
    }
}

/// Lines of `text` at most `width` pixels wide at `font_px` (CJK characters one em,
/// others about half), at most `max_lines`, the last ending in "…" when cut.
pub fn wrap(text: &str, width: u32, font_px: u32, max_lines: usize) -> Vec<String> {
    // Widths in twentieths of an em.
    let capacity = width * 20 / font_px.max(1);
    let units = |c: char| if is_wide(c) { 20 } else { 11 };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for c in flat.chars() {
        if used + units(c) > capacity {
            if lines.len() + 1 >= max_lines {
                while used + 20 > capacity {
                    match line.pop() {
                        Some(d) => used -= units(d),
                        None => break,
                    }
                }
                line.push('…');
                lines.push(line);
                return lines;
            }
            lines.push(std::mem::take(&mut line));
            used = 0;
            if c == ' ' {
                continue;
            }
        }
        used += units(c);
        line.push(c);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// `lines` as `<text>` at (x, y), one every `leading` pixels.
fn text_block(
    lines: &[String],
    x: u32,
    y: u32,
    size: u32,
    leading: u32,
    fill: &str,
    weight: &str,
) -> String {
    let mut s =
        format!("<text x='{x}' y='{y}' font-size='{size}' fill='{fill}' font-weight='{weight}'>");
    for (n, line) in lines.iter().enumerate() {
        let dy = if n == 0 { 0 } else { leading };
        s.push_str(&format!(
            "<tspan x='{x}' dy='{dy}'>{}</tspan>",
            escape(line)
        ));
    }
    s.push_str("</text>");
    s
}

/// The photo filling (x, y, w, h), cropped to fit; a soft field when there is none.
fn photo(parts: &Parts<'_>, x: u32, y: u32, w: u32, h: u32) -> String {
    use base64::Engine;
    match parts.photo {
        Some((content_type, bytes)) => format!(
            "<image x='{x}' y='{y}' width='{w}' height='{h}' preserveAspectRatio='xMidYMid slice' \
             href='data:{content_type};base64,{}'/>",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ),
        None => format!("<rect x='{x}' y='{y}' width='{w}' height='{h}' fill='#fdebe7'/>"),
    }
}

fn svg(kind: Kind, body: &str) -> String {
    let (w, h) = kind.size();
    format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='{w}' height='{h}' viewBox='0 0 {w} {h}'>\
         <rect width='{w}' height='{h}' fill='{PAPER}'/>{body}</svg>"
    )
}

/// "购物圈" in the brand's colour: our mark.
fn mark(x: u32, y: u32, size: u32) -> String {
    format!(
        "<text x='{x}' y='{y}' font-size='{size}' font-weight='bold' fill='{BRAND}'>购物圈</text>"
    )
}

fn card(p: &Parts<'_>) -> String {
    let words = wrap(&format!("“{}”", p.words), 480, 44, 3);
    let words_h = u32::try_from(words.len()).unwrap_or(3) * 60;
    let body = [
        photo(p, 0, 0, 630, 630),
        mark(680, 92, 40),
        format!("<text x='812' y='90' font-size='28' fill='{MUTED}'>· 好友推荐</text>"),
        text_block(&words, 680, 200, 44, 60, INK, "bold"),
        text_block(
            &wrap(&format!("— {} 推荐", p.author), 480, 28, 1),
            680,
            200 + words_h + 24,
            28,
            36,
            MUTED,
            "normal",
        ),
        text_block(&wrap(p.title, 480, 30, 1), 680, 500, 30, 40, INK, "normal"),
        format!(
            "<text x='680' y='580' font-size='60' font-weight='bold' fill='{BRAND}'>{}</text>",
            escape(p.price)
        ),
    ];
    svg(Kind::Card, &body.concat())
}

fn square(p: &Parts<'_>) -> String {
    let body = [
        photo(p, 0, 0, 600, 600),
        "<rect x='0' y='470' width='600' height='130' fill='#ffffff' fill-opacity='0.94'/>".into(),
        format!("<text x='32' y='556' font-size='60' font-weight='bold' fill='{BRAND}'>{}</text>", escape(p.price)),
        format!("<text x='568' y='552' font-size='36' font-weight='bold' fill='{BRAND}' text-anchor='end'>购物圈</text>"),
    ];
    svg(Kind::Square, &body.concat())
}

fn poster(p: &Parts<'_>) -> String {
    let initial = circle_markup::initial(p.author);
    let words = wrap(&format!("“{}”", p.words), 670, 36, 4);
    let words_h = u32::try_from(words.len()).unwrap_or(4) * 52;
    // Below the photo: who (690–750), their words (≤ 4 lines), the product and its
    // price, all above the white band with the QR code from 1134.
    let body = [
        photo(p, 0, 0, 750, 640),
        format!("<circle cx='76' cy='708' r='36' fill='{BRAND}'/>"),
        format!("<text x='76' y='721' font-size='34' fill='#ffffff' text-anchor='middle'>{}</text>", escape(&initial)),
        text_block(&wrap(p.author, 380, 32, 1), 128, 700, 32, 40, INK, "bold"),
        format!("<text x='128' y='736' font-size='24' fill='{MUTED}'>买过，推荐给你</text>"),
        text_block(&words, 40, 820, 36, 52, INK, "normal"),
        text_block(&wrap(p.title, 670, 28, 1), 40, 816 + words_h + 24, 28, 38, MUTED, "normal"),
        format!("<text x='40' y='{}' font-size='56' font-weight='bold' fill='{BRAND}'>{}</text>", 816 + words_h + 94, escape(p.price)),
        "<rect x='0' y='1134' width='750' height='200' fill='#ffffff'/>".into(),
        qr(p.link, 540, 1144, 180),
        mark(40, 1214, 44),
        format!("<text x='40' y='1262' font-size='26' fill='{MUTED}'>长按识别二维码，看看好友买了什么</text>"),
    ];
    svg(Kind::Poster, &body.concat())
}

/// The QR code of `link` as dark squares in (x, y, size, size), with a quiet zone.
fn qr(link: &str, x: u32, y: u32, size: u32) -> String {
    let Ok(code) = qrcode::QrCode::new(link.as_bytes()) else {
        return String::new();
    };
    let n = code.width();
    let modules = n + 8;
    let mut path = String::new();
    for (i, colour) in code.to_colors().iter().enumerate() {
        if *colour == qrcode::Color::Dark {
            path.push_str(&format!("M{} {}h1v1h-1z", i % n + 4, i / n + 4));
        }
    }
    format!(
        "<svg x='{x}' y='{y}' width='{size}' height='{size}' viewBox='0 0 {modules} {modules}' shape-rendering='crispEdges'>\
         <rect width='{modules}' height='{modules}' fill='#ffffff'/><path d='{path}' fill='#000000'/></svg>"
    )
}

#[cfg(test)]
#[path = "cards_tests.rs"]
mod tests;
