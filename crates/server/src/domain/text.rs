//! The rule every text people write obeys: trimmed, within its length, and free of
//! control characters other than line breaks and tabs.

use super::accounts::FieldError;
use circle_api::FieldProblem;

/// The trimmed text, or why it is refused. `required`: an empty text is refused too.
pub fn check(
    field: &'static str,
    text: &str,
    max: usize,
    required: bool,
) -> Result<String, FieldError> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(FieldError::new(
            field,
            FieldProblem::Required,
            "Write something first.",
        ));
    }
    if text.chars().count() > max {
        return Err(FieldError::new(
            field,
            FieldProblem::TooLong,
            format!("At most {max} characters."),
        ));
    }
    // Line breaks and tabs are writing; other control characters are not.
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(
            field,
            FieldProblem::BadCharacters,
            "Remove the control characters from the text.",
        ));
    }
    Ok(text.to_owned())
}

/// A one-line text (a name, a contact, a title): no line breaks or tabs either.
pub fn check_line(field: &'static str, text: &str, max: usize) -> Result<String, FieldError> {
    let text = check(field, text, max, true)?;
    if text.contains(['\n', '\r', '\t']) {
        return Err(FieldError::new(
            field,
            FieldProblem::BadCharacters,
            "Keep it on one line.",
        ));
    }
    Ok(text)
}
