//! The JSON text itself: whitespace, literals, strings with their escapes, integers.

use super::{Result, Unfit};

pub(super) struct Reader<'de> {
    text: &'de [u8],
    /// Where reading has got to.
    at: usize,
}

impl<'de> Reader<'de> {
    pub(super) fn new(text: &'de str) -> Self {
        Reader {
            text: text.as_bytes(),
            at: 0,
        }
    }

    /// Where reading has got to, in bytes.
    pub(super) fn position(&self) -> usize {
        self.at
    }

    /// Whether everything has been read.
    pub(super) fn at_end(&self) -> bool {
        self.at == self.text.len()
    }

    pub(super) fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.text.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte that is not whitespace, not taken.
    pub(super) fn peek(&mut self) -> Result<u8> {
        self.skip_space();
        self.text.get(self.at).copied().ok_or(Unfit)
    }

    pub(super) fn take(&mut self) -> Result<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Ok(byte)
    }

    pub(super) fn expect(&mut self, byte: u8) -> Result<()> {
        if self.take()? == byte {
            Ok(())
        } else {
            Err(Unfit)
        }
    }

    pub(super) fn keyword(&mut self, word: &[u8]) -> Result<()> {
        self.skip_space();
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(Unfit)
        }
    }

    /// A string's contents (the opening quote taken): borrowed from the text when it has
    /// no escapes.
    pub(super) fn string(&mut self) -> Result<Text<'de>> {
        let text: &'de [u8] = self.text;
        let start = self.at;
        loop {
            match text.get(self.at) {
                None => return Err(Unfit),
                Some(b'"') => {
                    let s = std::str::from_utf8(&text[start..self.at]).map_err(|_| Unfit)?;
                    self.at += 1;
                    return Ok(Text::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(0..=0x1f) => return Err(Unfit),
                Some(_) => self.at += 1,
            }
        }
        let mut out = std::str::from_utf8(&text[start..self.at])
            .map_err(|_| Unfit)?
            .to_owned();
        loop {
            let run = self.at;
            while let Some(&b) = text.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(std::str::from_utf8(&text[run..self.at]).map_err(|_| Unfit)?);
            match text.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Text::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    out.push(self.escape()?);
                }
                _ => return Err(Unfit),
            }
        }
    }

    /// The character of an escape (its backslash taken).
    fn escape(&mut self) -> Result<char> {
        let byte = *self.text.get(self.at).ok_or(Unfit)?;
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = if (0xd800..0xdc00).contains(&first) {
                    // A surrogate pair: the second half must follow.
                    if self.text.get(self.at..self.at + 2) != Some(b"\\u") {
                        return Err(Unfit);
                    }
                    self.at += 2;
                    let second = self.hex4()?;
                    if !(0xdc00..0xe000).contains(&second) {
                        return Err(Unfit);
                    }
                    0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
                } else {
                    first
                };
                char::from_u32(code).ok_or(Unfit)?
            }
            _ => return Err(Unfit),
        })
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self.text.get(self.at..self.at + 4).ok_or(Unfit)?;
        self.at += 4;
        let digits = std::str::from_utf8(digits).map_err(|_| Unfit)?;
        u32::from_str_radix(digits, 16).map_err(|_| Unfit)
    }

    /// An integer: `-`, then digits without a leading zero; no fraction, no exponent.
    pub(super) fn integer(&mut self) -> Result<Number> {
        self.skip_space();
        let negative = self.text.get(self.at) == Some(&b'-');
        let start = self.at;
        if negative {
            self.at += 1;
        }
        let digits = self.at;
        while self.text.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        let len = self.at - digits;
        if len == 0 || (len > 1 && self.text[digits] == b'0') {
            return Err(Unfit);
        }
        if let Some(b'.' | b'e' | b'E') = self.text.get(self.at) {
            return Err(Unfit);
        }
        let text = std::str::from_utf8(&self.text[start..self.at]).map_err(|_| Unfit)?;
        if negative {
            text.parse().map(Number::Negative).map_err(|_| Unfit)
        } else {
            text.parse().map(Number::Positive).map_err(|_| Unfit)
        }
    }
}

pub(super) enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

pub(super) enum Number {
    Positive(u64),
    Negative(i64),
}
