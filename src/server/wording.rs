//! What customers are told in text messages and the outbox, in the customers' language. The
//! wording lives with the other translations, in `locales/messages/zh-CN.json` (kept apart from
//! the browser apps' files so that no phone downloads it); code names a message by its key and
//! fills its `{{ name }}` placeholders.

use std::collections::HashMap;
use std::sync::LazyLock;

static MESSAGES: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../locales/messages/zh-CN.json")).unwrap_or_default()
});

/// The message `key` with its placeholders filled; the key itself if the file lacks it (the
/// tests below make sure it never does).
pub fn text(key: &str, args: &[(&str, &str)]) -> String {
    let template = MESSAGES.get(key).map_or(key, String::as_str);
    args.iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{{ {name} }}}}"), value)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::phone_proof::CodePurpose;
    use crate::domain::work_order::NotificationKind;

    /// Every key the code uses, with the placeholders it fills.
    fn used() -> Vec<(String, Vec<&'static str>)> {
        let mut keys: Vec<(String, Vec<&'static str>)> = NotificationKind::ALL
            .iter()
            .map(|k| match k {
                NotificationKind::ComplaintUpdate => {
                    (k.as_str().to_owned(), vec!["number", "news"])
                }
                NotificationKind::BookingAffected => (
                    k.as_str().to_owned(),
                    vec!["number", "plate", "month", "day", "reason"],
                ),
                _ => (k.as_str().to_owned(), vec!["number", "plate"]),
            })
            .collect();
        for purpose in CodePurpose::ALL {
            keys.push((
                format!("code_{}", purpose.as_str()),
                vec!["code", "minutes"],
            ));
        }
        for (key, args) in [
            ("complaint_received", vec!["hours"]),
            ("complaint_closed", vec![]),
            ("complaint_handled_again", vec![]),
            ("complaint_reopened", vec![]),
            ("rework_words", vec!["number", "what_happened"]),
        ] {
            keys.push((key.to_owned(), args));
        }
        keys
    }

    #[test]
    fn every_message_the_code_sends_is_written_and_filled_completely() {
        assert!(
            !MESSAGES.is_empty(),
            "locales/messages/zh-CN.json reads as a map"
        );
        for (key, names) in used() {
            assert!(
                MESSAGES.contains_key(&key),
                "{key} is not in locales/messages/zh-CN.json"
            );
            let args: Vec<(&str, &str)> = names.iter().map(|n| (*n, "X")).collect();
            let filled = text(&key, &args);
            assert!(
                !filled.contains("{{"),
                "{key} has a placeholder the code does not fill"
            );
        }
        assert_eq!(
            MESSAGES.len(),
            used().len(),
            "every message in the file is used"
        );
    }

    #[test]
    fn placeholders_are_filled_with_their_values() {
        let text = text(
            "checked_in",
            &[("plate", "沪A12345"), ("number", "WO261130-ABCDE")],
        );
        assert_eq!(
            text,
            "您的爱车沪A12345已接车，工单号WO261130-ABCDE。可随时查看维修进度。"
        );
    }
}
