//! Merchant rules: what an application and a product may say, the business licence's
//! credit code (GB 32100-2015), and waybill numbers by carrier.

use super::{accounts::FieldError, text};
use circle_api::{
    ApplicationRequest, Carrier, Cents, FieldProblem, ProductRequest, CATEGORIES,
    COMMISSION_BP_MAX, CONTACT_MAX, PRICE_MAX_CENTS, PRODUCT_DESCRIPTION_MAX, PRODUCT_PHOTOS_MAX,
    PRODUCT_TITLE_MAX, SHOP_NAME_MAX, STOCK_MAX,
};

/// The characters of a unified social credit code, in the order of their values (no I,
/// O, S, V, Z).
const CODE_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// The weights of its first 17 characters (3^i mod 31).
const CODE_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The check character of a credit code's first 17 characters (`None` if they are not
/// 17 of `CODE_CHARS`).
pub fn check_character(first17: &str) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (b, w) in first17.bytes().zip(CODE_WEIGHTS) {
        sum += CODE_CHARS.iter().position(|&c| c == b)? as u32 * w;
    }
    Some(char::from(CODE_CHARS[((31 - sum % 31) % 31) as usize]))
}

/// A 统一社会信用代码, upper-cased: 18 characters of `CODE_CHARS` whose last is the
/// check character of the first 17.
pub fn credit_code(raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_ascii_uppercase();
    let invalid = |why: &str| FieldError::new("credit_code", FieldProblem::Invalid, why);
    if code.len() != 18 {
        return Err(invalid("A unified social credit code has 18 characters."));
    }
    if !code.bytes().all(|b| CODE_CHARS.contains(&b)) {
        return Err(invalid(
            "A unified social credit code holds digits and capital letters other than I, O, S, V, Z.",
        ));
    }
    if Some(char::from(code.as_bytes()[17])) != check_character(&code[..17]) {
        return Err(invalid(
            "This credit code's last character does not match: check it against the licence.",
        ));
    }
    Ok(code)
}

fn category(raw: &str) -> Result<String, FieldError> {
    if CATEGORIES.contains(&raw) {
        Ok(raw.to_owned())
    } else {
        Err(FieldError::new(
            "category",
            FieldProblem::Invalid,
            "Choose one of the categories.",
        ))
    }
}

/// An application, checked and normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub shop_name: String,
    pub category: String,
    pub contact: String,
    pub credit_code: String,
}

pub fn application(req: &ApplicationRequest) -> Result<Application, FieldError> {
    Ok(Application {
        shop_name: text::check_line("shop_name", &req.shop_name, SHOP_NAME_MAX)?,
        category: category(&req.category)?,
        contact: text::check_line("contact", &req.contact, CONTACT_MAX)?,
        credit_code: credit_code(&req.credit_code)?,
    })
}

/// A product as its merchant wrote it, checked and normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub title: String,
    pub description: String,
    pub category: String,
    pub price_cents: Cents,
    pub stock: i64,
    pub commission_bp: i64,
    pub photo_ids: Vec<i64>,
}

impl Product {
    /// Whether going from `self` to `next` changes what moderators review (title,
    /// description, photos); price, stock and rate apply at once.
    pub fn needs_review(&self, next: &Product) -> bool {
        self.title != next.title
            || self.description != next.description
            || self.photo_ids != next.photo_ids
            || self.category != next.category
    }
}

fn within(
    field: &'static str,
    value: i64,
    min: i64,
    max: i64,
    what: &str,
) -> Result<i64, FieldError> {
    if value < min {
        return Err(FieldError::new(
            field,
            FieldProblem::TooShort,
            format!("{what} is at least {min}."),
        ));
    }
    if value > max {
        return Err(FieldError::new(
            field,
            FieldProblem::TooLong,
            format!("{what} is at most {max}."),
        ));
    }
    Ok(value)
}

pub fn product(req: &ProductRequest) -> Result<Product, FieldError> {
    let title = text::check_line("title", &req.title, PRODUCT_TITLE_MAX)?;
    let description = text::check(
        "description",
        &req.description,
        PRODUCT_DESCRIPTION_MAX,
        false,
    )?;
    let category = category(&req.category)?;
    let price_cents = within(
        "price_cents",
        req.price_cents,
        1,
        PRICE_MAX_CENTS,
        "A price in cents",
    )?;
    let stock = within("stock", req.stock, 0, STOCK_MAX, "Stock")?;
    let commission_bp = within(
        "commission_bp",
        req.commission_bp,
        0,
        COMMISSION_BP_MAX,
        "A commission rate in basis points",
    )?;
    if req.photo_ids.is_empty() {
        return Err(FieldError::new(
            "photo_ids",
            FieldProblem::Required,
            "Add at least one photo.",
        ));
    }
    if req.photo_ids.len() > PRODUCT_PHOTOS_MAX {
        return Err(FieldError::new(
            "photo_ids",
            FieldProblem::TooLong,
            format!("At most {PRODUCT_PHOTOS_MAX} photos."),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    if !req.photo_ids.iter().all(|id| seen.insert(*id)) {
        return Err(FieldError::new(
            "photo_ids",
            FieldProblem::Invalid,
            "Each photo once.",
        ));
    }
    Ok(Product {
        title,
        description,
        category,
        price_cents,
        stock,
        commission_bp,
        photo_ids: req.photo_ids.clone(),
    })
}

/// A waybill number in the form its carrier prints, upper-cased.
pub fn tracking_no(carrier: Carrier, raw: &str) -> Result<String, FieldError> {
    let no = raw.trim().to_ascii_uppercase();
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let alnum = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let ok = match carrier {
        Carrier::Sf => no
            .strip_prefix("SF")
            .is_some_and(|rest| digits(rest, 12, 13)),
        Carrier::Jd => no
            .strip_prefix("JD")
            .is_some_and(|rest| alnum(rest, 11, 15)),
        Carrier::Yto => no
            .strip_prefix("YT")
            .is_some_and(|rest| digits(rest, 13, 15)),
        Carrier::Ems => {
            digits(&no, 13, 13)
                || (no.len() == 13
                    && no[..2].bytes().all(|b| b.is_ascii_uppercase())
                    && digits(&no[2..11], 9, 9)
                    && no[11..].bytes().all(|b| b.is_ascii_uppercase()))
        }
        Carrier::Zto | Carrier::Sto => digits(&no, 12, 15),
        Carrier::Yunda => digits(&no, 13, 15),
    };
    if ok {
        Ok(no)
    } else {
        Err(FieldError::new(
            "tracking_no",
            FieldProblem::Invalid,
            format!("This is not a {} waybill number.", carrier.name_zh()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_codes_are_checked_by_their_last_character() {
        // Published examples of valid codes.
        assert_eq!(
            credit_code("91350100M000100Y43").as_deref(),
            Ok("91350100M000100Y43")
        );
        assert_eq!(
            credit_code(" 91110000600037341l ").as_deref(),
            Ok("91110000600037341L")
        );
        assert_eq!(check_character("91110108MA01ABCD1"), Some('E'));
        // One character changed: the check character no longer matches.
        assert_eq!(
            credit_code("91350100M000100Y44").map_err(|e| e.problem),
            Err(FieldProblem::Invalid)
        );
        assert!(credit_code("91350100M000100Y4").is_err(), "17 characters");
        assert!(credit_code("91350100I000100Y43").is_err(), "I is not used");
        assert_eq!(
            credit_code("91350100m000100y43").as_deref(),
            Ok("91350100M000100Y43")
        );
    }

    #[test]
    fn waybill_numbers_follow_their_carrier() {
        assert!(tracking_no(Carrier::Sf, "SF1234567890123").is_ok());
        assert!(tracking_no(Carrier::Sf, "sf123456789012").is_ok());
        assert!(tracking_no(Carrier::Sf, "1234567890123").is_err());
        assert!(tracking_no(Carrier::Ems, "EA123456789CN").is_ok());
        assert!(tracking_no(Carrier::Zto, "73100012345678").is_ok());
        assert!(tracking_no(Carrier::Zto, "7310001234567A").is_err());
        assert!(tracking_no(Carrier::Yto, "YT1234567890123").is_ok());
        assert!(tracking_no(Carrier::Jd, "JDVA12345678901").is_ok());
        assert!(tracking_no(Carrier::Yunda, "").is_err());
    }

    #[test]
    fn products_are_checked_field_by_field() {
        let good = ProductRequest {
            title: "手冲咖啡豆 250g".into(),
            description: "中度烘焙".into(),
            category: "food".into(),
            price_cents: 6800,
            stock: 10,
            commission_bp: 9000,
            photo_ids: vec![3],
        };
        assert!(product(&good).is_ok());
        let field = |r: ProductRequest| product(&r).unwrap_err().field;
        assert_eq!(
            field(ProductRequest {
                price_cents: 0,
                ..good.clone()
            }),
            "price_cents"
        );
        assert_eq!(
            field(ProductRequest {
                price_cents: PRICE_MAX_CENTS + 1,
                ..good.clone()
            }),
            "price_cents"
        );
        assert_eq!(
            field(ProductRequest {
                commission_bp: 9001,
                ..good.clone()
            }),
            "commission_bp"
        );
        assert_eq!(
            field(ProductRequest {
                stock: STOCK_MAX + 1,
                ..good.clone()
            }),
            "stock"
        );
        assert_eq!(
            field(ProductRequest {
                stock: -1,
                ..good.clone()
            }),
            "stock"
        );
        assert_eq!(
            field(ProductRequest {
                photo_ids: vec![],
                ..good.clone()
            }),
            "photo_ids"
        );
        assert_eq!(
            field(ProductRequest {
                category: "cars".into(),
                ..good.clone()
            }),
            "category"
        );
        assert_eq!(
            field(ProductRequest {
                title: "a\u{0}b".into(),
                ..good.clone()
            }),
            "title"
        );
        let base = product(&good).unwrap();
        let repriced = product(&ProductRequest {
            price_cents: 7800,
            stock: 3,
            ..good.clone()
        })
        .unwrap();
        assert!(
            !base.needs_review(&repriced),
            "price and stock apply at once"
        );
        let retitled = product(&ProductRequest {
            title: "新标题".into(),
            ..good
        })
        .unwrap();
        assert!(base.needs_review(&retitled));
    }
}
