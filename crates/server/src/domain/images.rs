//! Photos as we keep them: decoded under limits (a decompression bomb is refused from its
//! header, before any pixel is allocated), turned upright by their EXIF orientation, and
//! re-encoded without any metadata (no GPS position, no camera serial) in the sizes the
//! app shows. The original bytes are never kept.

use image::{
    imageops::FilterType, DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage,
};
use std::io::Cursor;

/// The largest original accepted (a 12-megapixel phone photo is 3–6 MB).
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;
/// The longest side a photo may declare.
pub const MAX_SIDE: u32 = 12_000;
/// The most pixels a photo may declare (50 megapixels).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The width of the rendition feed cards load.
pub const SMALL_WIDTH: u32 = 360;
/// The width of the rendition a photo opens at.
pub const LARGE_WIDTH: u32 = 1080;
const WEBP_QUALITY: f32 = 80.0;
const JPEG_QUALITY: u8 = 82;

/// Why a photo was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// More bytes, pixels or a longer side than we decode.
    TooLarge { width: u32, height: u32 },
    /// Not JPEG, PNG, WebP or GIF.
    Unsupported,
    /// It says it is an image but does not decode.
    Broken,
}

/// One stored form of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// `SMALL_WIDTH` wide (or less), WebP.
    Small,
    /// `LARGE_WIDTH` wide (or less), WebP.
    Large,
    /// The small one as JPEG, for browsers without WebP.
    SmallJpeg,
    /// The large one as JPEG, for browsers without WebP.
    LargeJpeg,
}

impl Variant {
    /// The same size as JPEG, for a browser that does not take WebP.
    pub fn jpeg(self) -> Self {
        match self {
            Variant::Small | Variant::SmallJpeg => Variant::SmallJpeg,
            Variant::Large | Variant::LargeJpeg => Variant::LargeJpeg,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Variant::Small => "small",
            Variant::Large => "large",
            Variant::SmallJpeg => "small_jpeg",
            Variant::LargeJpeg => "large_jpeg",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Variant::Small | Variant::Large => "image/webp",
            Variant::SmallJpeg | Variant::LargeJpeg => "image/jpeg",
        }
    }
}

pub struct Rendition {
    pub variant: Variant,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// The photo's renditions, upright and without metadata.
pub fn process(bytes: &[u8]) -> Result<Vec<Rendition>, Refused> {
    renditions(&decode(bytes)?)
}

/// The renditions of an upright picture.
pub fn renditions(upright: &RgbImage) -> Result<Vec<Rendition>, Refused> {
    let large = shrink(upright, LARGE_WIDTH);
    let small = shrink(&large, SMALL_WIDTH);
    Ok(vec![
        webp(Variant::Small, &small),
        webp(Variant::Large, &large),
        jpeg(Variant::SmallJpeg, &small)?,
        jpeg(Variant::LargeJpeg, &large)?,
    ])
}

/// Decodes `bytes` within the limits and applies the EXIF orientation; pixels with
/// transparency are laid on white (photos are shown on white cards).
pub fn decode(bytes: &[u8]) -> Result<RgbImage, Refused> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(Refused::TooLarge {
            width: 0,
            height: 0,
        });
    }
    let format = image::guess_format(bytes).map_err(|_| Refused::Unsupported)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif
    ) {
        return Err(Refused::Unsupported);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.no_limits();
    let mut decoder = reader.into_decoder().map_err(|_| Refused::Broken)?;
    let (width, height) = decoder.dimensions();
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Refused::TooLarge { width, height });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 8);
    decoder
        .set_limits(limits)
        .map_err(|_| Refused::TooLarge { width, height })?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| Refused::Broken)?;
    image.apply_orientation(orientation);
    Ok(on_white(image))
}

fn on_white(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| {
            let (c, a) = (u16::from(c), u16::from(a));
            u8::try_from((c * a + 255 * (255 - a)) / 255).unwrap_or(255)
        };
        image::Rgb([over(r), over(g), over(b)])
    })
}

/// `image` scaled down to at most `width` wide, keeping its proportions.
fn shrink(image: &RgbImage, width: u32) -> RgbImage {
    if image.width() <= width {
        return image.clone();
    }
    let height = (u64::from(image.height()) * u64::from(width) / u64::from(image.width())).max(1);
    let height = u32::try_from(height).unwrap_or(1);
    image::imageops::resize(image, width, height, FilterType::CatmullRom)
}

fn webp(variant: Variant, image: &RgbImage) -> Rendition {
    let encoded =
        webp::Encoder::from_rgb(image.as_raw(), image.width(), image.height()).encode(WEBP_QUALITY);
    Rendition {
        variant,
        width: image.width(),
        height: image.height(),
        bytes: encoded.to_vec(),
    }
}

fn jpeg(variant: Variant, image: &RgbImage) -> Result<Rendition, Refused> {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
        .encode_image(image)
        .map_err(|_| Refused::Broken)?;
    Ok(Rendition {
        variant,
        width: image.width(),
        height: image.height(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian EXIF block: orientation `o` and the camera's make (a serial here).
    fn exif(orientation: u16, make: &[u8]) -> Vec<u8> {
        let mut t = b"II\x2a\0\x08\0\0\0".to_vec();
        t.extend_from_slice(&2u16.to_le_bytes());
        // Orientation, SHORT, 1 value, inline.
        t.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0]);
        t.extend_from_slice(&orientation.to_le_bytes());
        t.extend_from_slice(&[0, 0]);
        // Make, ASCII, its bytes after the directory (8 + 2 + 24 + 4 = 38).
        t.extend_from_slice(&[0x0f, 0x01, 2, 0]);
        t.extend_from_slice(&u32::try_from(make.len()).unwrap().to_le_bytes());
        t.extend_from_slice(&38u32.to_le_bytes());
        t.extend_from_slice(&0u32.to_le_bytes());
        t.extend_from_slice(make);
        t
    }

    /// A `width`×`height` JPEG, left half red, with `exif` in an APP1 segment.
    fn photo(width: u32, height: u32, exif: &[u8]) -> Vec<u8> {
        let img = RgbImage::from_fn(width, height, |x, _| {
            if x < width / 2 {
                image::Rgb([220, 30, 30])
            } else {
                image::Rgb([30, 30, 220])
            }
        });
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
            .encode_image(&img)
            .unwrap();
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(exif);
        let len = u16::try_from(app1.len() + 2).unwrap();
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xff, 0xe1]);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_sideways_photo_is_turned_and_keeps_no_metadata() {
        // Orientation 6: the camera was turned; the picture is shown rotated 90° clockwise.
        let original = photo(400, 200, &exif(6, b"CAMERA-SN-4711\0"));
        assert!(contains(&original, b"CAMERA-SN-4711"));
        let renditions = process(&original).unwrap();
        for r in &renditions {
            assert_eq!(
                (r.width, r.height),
                (200, 400),
                "{:?} is upright",
                r.variant
            );
            assert!(!contains(&r.bytes, b"CAMERA-SN-4711"), "{:?}", r.variant);
            assert!(!contains(&r.bytes, b"Exif"), "{:?}", r.variant);
            let back = image::load_from_memory(&r.bytes).unwrap().to_rgb8();
            assert_eq!((back.width(), back.height()), (200, 400));
            // Turned clockwise, the red left half is now the top.
            let top = back.get_pixel(100, 50).0;
            let bottom = back.get_pixel(100, 350).0;
            assert!(top[0] > 150 && top[2] < 100, "top {top:?}");
            assert!(bottom[2] > 150 && bottom[0] < 100, "bottom {bottom:?}");
        }
        let types: Vec<_> = renditions
            .iter()
            .map(|r| r.variant.content_type())
            .collect();
        assert_eq!(
            types,
            ["image/webp", "image/webp", "image/jpeg", "image/jpeg"]
        );
    }

    #[test]
    fn a_big_photo_comes_in_phone_sizes() {
        let renditions = process(&photo(4000, 3000, &exif(1, b"x\0"))).unwrap();
        let sizes: Vec<_> = renditions.iter().map(|r| (r.width, r.height)).collect();
        assert_eq!(sizes, [(360, 270), (1080, 810), (360, 270), (1080, 810)]);
        assert!(
            renditions[0].bytes.len() < 40_000,
            "{}",
            renditions[0].bytes.len()
        );
    }

    #[test]
    fn what_is_not_a_photo_is_refused() {
        assert_eq!(
            decode(b"<svg onload=alert(1)>").err(),
            Some(Refused::Unsupported)
        );
        assert_eq!(decode(b"BM\0\0\0\0").err(), Some(Refused::Unsupported));
        let whole = photo(64, 64, &exif(1, b"x\0"));
        assert_eq!(
            decode(&whole[..whole.len() / 2]).err(),
            Some(Refused::Broken)
        );
        let mut big = whole.clone();
        big.resize(MAX_UPLOAD_BYTES + 1, 0);
        assert!(matches!(decode(&big), Err(Refused::TooLarge { .. })));
    }

    #[test]
    fn transparency_is_laid_on_white() {
        let clear = image::RgbaImage::from_pixel(8, 8, image::Rgba([0, 0, 0, 0]));
        let mut png = Vec::new();
        clear
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        assert_eq!(decode(&png).unwrap().get_pixel(3, 3).0, [255, 255, 255]);
    }
}
