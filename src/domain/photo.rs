//! Photos kept with a work order: the walk-around at check-in (damage noted before the work,
//! which protects customer and shop alike) and findings during the repair, optionally for one
//! estimate line so the customer sees it beside the added item they are asked to approve.
//!
//! The tablet shrinks a camera picture before it is sent (`ui::components::photo_picker`); the
//! server trusts neither the browser's size nor its type and checks the bytes themselves.

use super::error::{AppError, Field, Problem};
use super::ids::{LineId, PhotoId};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// The largest picture kept, after the tablet has shrunk it.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The most photos one work order keeps.
pub const MAX_PER_ORDER: u32 = 30;
/// The longest side the tablet shrinks a picture to.
pub const MAX_SIDE_PX: u32 = 1600;

/// The picture formats browsers show everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhotoType {
    Jpeg,
    Png,
    Webp,
}

impl PhotoType {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    /// The format the bytes really are, from their signature (never from a file name).
    pub fn sniff(bytes: &[u8]) -> Option<PhotoType> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Self::Webp)
        } else {
            None
        }
    }

    /// Checks a picture's bytes: a known format, not empty, not too large.
    pub fn check(bytes: &[u8]) -> Result<PhotoType, AppError> {
        if bytes.len() > MAX_BYTES {
            return Err(AppError::invalid(
                Field::Photo,
                Problem::PhotoTooLarge {
                    max_kb: (MAX_BYTES / 1024) as u32,
                },
            ));
        }
        Self::sniff(bytes).ok_or(AppError::invalid(Field::Photo, Problem::PhotoType))
    }
}

/// A photo as the tablet sends it: the picture base64-encoded (no `data:` prefix), a caption,
/// and the estimate line it shows, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoUpload {
    pub caption: String,
    pub line: Option<LineId>,
    pub data_base64: String,
}

impl PhotoUpload {
    /// base64 grows data by a third: anything longer cannot decode to an acceptable picture.
    pub const MAX_ENCODED: usize = MAX_BYTES / 3 * 4 + 4;
}

/// A stored photo as both faces list it; the picture itself is at `url`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoRef {
    pub id: PhotoId,
    pub line: Option<LineId>,
    pub caption: String,
    /// Outlet-local time it was taken.
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub at: NaiveDateTime,
}

impl PhotoRef {
    /// Where the signed-in owner or the outlet's staff fetch the picture.
    pub fn url(&self, order: &str) -> String {
        format!("/photos/orders/{order}/{}", self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_read_from_the_bytes() {
        assert_eq!(
            PhotoType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Some(PhotoType::Jpeg)
        );
        assert_eq!(
            PhotoType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(PhotoType::Png)
        );
        assert_eq!(
            PhotoType::sniff(b"RIFF\x10\0\0\0WEBPVP8 "),
            Some(PhotoType::Webp)
        );
        assert_eq!(PhotoType::sniff(b"GIF89a"), None);
        assert_eq!(PhotoType::sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(PhotoType::sniff(b""), None);
    }

    #[test]
    fn a_picture_that_is_too_large_or_not_a_picture_is_refused_with_its_reason() {
        let mut big = vec![0xFF, 0xD8, 0xFF];
        big.resize(MAX_BYTES + 1, 0);
        assert_eq!(
            PhotoType::check(&big),
            Err(AppError::invalid(
                Field::Photo,
                Problem::PhotoTooLarge { max_kb: 2048 }
            ))
        );
        assert_eq!(
            PhotoType::check(b"%PDF-1.7"),
            Err(AppError::invalid(Field::Photo, Problem::PhotoType))
        );
        big.truncate(MAX_BYTES);
        assert_eq!(PhotoType::check(&big), Ok(PhotoType::Jpeg));
    }
}
