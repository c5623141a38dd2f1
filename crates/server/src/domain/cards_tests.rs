use super::*;

#[test]
fn wrap_fits_chinese_by_the_em_and_cuts_with_an_ellipsis() {
    // 10 em wide at 10 px: ten Chinese characters a line.
    assert_eq!(
        wrap("一二三四五六七八九十", 100, 10, 2),
        ["一二三四五六七八九十"]
    );
    assert_eq!(
        wrap("一二三四五六七八九十甲乙", 100, 10, 2),
        ["一二三四五六七八九十", "甲乙"]
    );
    let cut = wrap(&"好".repeat(40), 100, 10, 2);
    assert_eq!(cut.len(), 2);
    assert_eq!(cut[1], format!("{}…", "好".repeat(9)));
    // Latin letters take about half an em; runs of spaces and line breaks become one space.
    assert_eq!(wrap("good   tea\nhere", 100, 10, 3), ["good tea here"]);
    assert!(wrap("", 100, 10, 2).is_empty());
}

#[test]
fn the_poster_holds_a_qr_code_of_the_link() {
    let svg = qr("https://circle.example/s/abc", 0, 0, 100);
    assert!(
        svg.contains("<path d='M4 4h1v1h-1z"),
        "a finder pattern starts the code"
    );
    assert!(qr("", 0, 0, 100).contains("<path"));
}

#[test]
fn text_is_escaped_in_the_svg() {
    let parts = Parts {
        title: "<b>&",
        words: "'\"",
        price: "¥1.00",
        author: "<i>",
        link: "https://circle.example/s/x",
        photo: None,
    };
    for kind in [Kind::Card, Kind::Square, Kind::Poster] {
        let svg = match kind {
            Kind::Card => card(&parts),
            Kind::Square => square(&parts),
            Kind::Poster => poster(&parts),
        };
        assert!(!svg.contains("<b>") && !svg.contains("<i>"), "{kind:?}");
        assert!(
            usvg::Tree::from_str(&svg, &usvg::Options::default()).is_ok(),
            "{kind:?}"
        );
    }
}

#[test]
fn pictures_come_out_at_their_sizes_with_the_words_drawn() {
    let fonts = Fonts::load(Path::new(DEFAULT_FONT));
    assert!(
        fonts.has_text(),
        "the CJK font is missing at {DEFAULT_FONT}: run `cargo xtask setup`"
    );
    let with = Parts {
        title: "高山乌龙茶 250g",
        words: "回甘很明显，冲了五六泡还有味道",
        price: "¥128.00",
        author: "林小雨",
        link: "https://circle.example/s/abc",
        photo: None,
    };
    let without = Parts {
        words: "",
        title: "",
        author: "",
        ..with.clone()
    };
    for kind in [Kind::Card, Kind::Square, Kind::Poster] {
        let bytes = fonts.paint(kind, &with).expect("painted");
        let img = image::load_from_memory(&bytes).expect("decodes");
        assert_eq!((img.width(), img.height()), kind.size(), "{kind:?}");
        let format = image::guess_format(&bytes).expect("known format");
        let expected = if kind == Kind::Poster {
            image::ImageFormat::Png
        } else {
            image::ImageFormat::Jpeg
        };
        assert_eq!(format, expected);
        // The words are ink: more dark pixels than the same picture without them.
        let dark = |b: &[u8]| {
            image::load_from_memory(b)
                .expect("decodes")
                .to_luma8()
                .pixels()
                .filter(|p| p.0[0] < 100)
                .count()
        };
        if kind != Kind::Square {
            assert!(
                dark(&bytes) > dark(&fonts.paint(kind, &without).expect("painted")) + 500,
                "{kind:?}"
            );
        }
    }
}
