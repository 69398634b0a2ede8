//! What serde_json would pass over silently in a row: a key written twice
//! (the last one wins) and an integer past 64 bits (read as a float, its
//! last digits rounded away). A row with either is refused, naming it.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Checks one JSON text; `Err` says what is wrong and how to fix it. Text
/// that is not JSON passes: decoding it later says why it is not.
pub(crate) fn check(text: &str) -> Result<(), String> {
    let mut found = Found::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    // A syntax error is left for the decoder, which names it in its own
    // words; a repeated key stops the walk and is named here.
    let _ = (Walk { found: &mut found }).deserialize(&mut deserializer);
    if let Some(key) = found.repeated {
        return Err(format!(
            "the key \"{key}\" is written twice in one object (the first value would be lost); keep one"
        ));
    }
    if found.floats
        && let Some(number) = long_integer(text)
    {
        return Err(format!(
            "the integer {number} does not fit in 64 bits and would be rounded; \
             write it as a string (\"{number}\") to keep every digit"
        ));
    }
    Ok(())
}

/// What a walk found.
#[derive(Default)]
struct Found {
    /// A number serde_json read as a float (an integer past 64 bits is one).
    floats: bool,
    /// The first key written twice in one object.
    repeated: Option<String>,
}

/// Walks a value: objects' keys are compared, floats are noted.
struct Walk<'a> {
    found: &'a mut Found,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.found.floats = true;
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(Walk {
                found: &mut *self.found,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Objects in rows are small: a list compared in order beats a hash
        // set until a few dozen keys.
        let mut keys: Vec<std::borrow::Cow<'de, str>> = Vec::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if keys.contains(&key.0) {
                self.found.repeated = Some(key.0.into_owned());
                return Err(de::Error::custom("a key written twice"));
            }
            keys.push(key.0);
            map.next_value_seed(Walk {
                found: &mut *self.found,
            })?;
        }
        Ok(())
    }
}

/// A key, borrowed from the text unless it has escapes.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(key.into()))
            }
            fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(key.to_owned().into()))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The first integer literal (no `.`, no exponent) outside strings that
/// does not fit `i64` or `u64`, cut to 40 characters.
fn long_integer(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let token = &text[start..i];
                let integer = !token.contains(['.', 'e', 'E']);
                if integer && token.parse::<i64>().is_err() && token.parse::<u64>().is_err() {
                    let mut shown: String = token.chars().take(40).collect();
                    if token.len() > 40 {
                        shown.push('…');
                    }
                    return Some(shown);
                }
            }
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_named_at_any_depth() {
        let err = check(r#"{"fields":{"name":"A","phone":"1","name":"B"}}"#).unwrap_err();
        assert!(err.contains("the key \"name\" is written twice"), "{err}");
        let err = check(r#"{"a":[{"x":1,"x":2}]}"#).unwrap_err();
        assert!(err.contains("\"x\""), "{err}");
        // Escaped and plain spellings of one key are one key.
        assert!(check(r#"{"k":1,"\u006b":2}"#).is_err());
        assert!(
            check(r#"{"a":{"k":1},"b":{"k":2}}"#).is_ok(),
            "same key, two objects"
        );
    }

    #[test]
    fn an_integer_past_64_bits_is_refused_and_floats_pass() {
        let err = check(r#"{"fields":{"deal":123456789012345678901234}}"#).unwrap_err();
        assert!(err.contains("123456789012345678901234"), "{err}");
        assert!(err.contains("as a string"), "{err}");
        assert!(check(r#"{"n":-9223372036854775808,"u":18446744073709551615}"#).is_ok());
        assert!(check(r#"{"f":1.5e300,"g":0.1,"s":"123456789012345678901234"}"#).is_ok());
        assert!(check("[-18446744073709551616]").is_err());
    }

    #[test]
    fn text_that_is_not_json_is_left_to_the_decoder() {
        assert!(check("{\"a\":").is_ok());
        assert!(check("not json").is_ok());
    }
}
