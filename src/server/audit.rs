//! The tamper-evident audit log (guideline 5.4): how a line is sealed, and how the chain of
//! seals is checked (`aftersales audit verify`, the tests).
//!
//! Every line is sealed in the transaction that writes it (`db::store`): it takes the next
//! number `seq` (1, 2, 3… with no gaps), keeps the previous line's hash as `prev_hash` (64
//! zeros for line 1) and its own `hash`: SHA-256, in lower-case hex, over the JSON array
//! `[seq, at, actor_kind, actor_id, action, entity, entity_key, detail, prev_hash]`, with `at`
//! in RFC 3339 to the microsecond (what both databases keep). The chain's head (the last
//! number and hash) is kept in its own row.
//!
//! What a check finds: an altered line no longer matches its seal; a deleted line leaves a gap
//! in the numbers, or a head that points past the last line; a line written around the
//! application has no seal. What it cannot find alone: someone with write access who rewrites
//! every seal after the line they changed. Against that, keep the head the check prints
//! somewhere else (a daily note, a ticket) and pass it back as an anchor: the check then also
//! proves that the line it names still has that hash.

use super::db::{DbResult, Repository};
use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use sha2::{Digest, Sha256};

/// `prev_hash` of the first line.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How many lines a check reads at a time.
const PAGE: u32 = 5_000;

/// A stored line with its seal, as the check reads it.
#[derive(Debug, Clone)]
pub struct SealedLine {
    pub id: i64,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_key: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The fields a seal covers, borrowed (the writer has them before the line is stored).
pub struct LineContent<'a> {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_kind: &'a str,
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_key: &'a str,
    pub detail: &'a str,
}

/// The instant as stored: both databases keep microseconds (PostgreSQL rounds the rest away,
/// which would break a seal computed over nanoseconds).
pub fn stored_instant(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// The line's hash, chained to `prev_hash`.
pub fn seal(line: &LineContent<'_>, prev_hash: &str) -> String {
    let canonical = serde_json::json!([
        line.seq,
        line.at.to_rfc3339_opts(SecondsFormat::Micros, true),
        line.actor_kind,
        line.actor_id,
        line.action,
        line.entity,
        line.entity_key,
        line.detail,
        prev_hash,
    ]);
    Sha256::digest(canonical.to_string().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl SealedLine {
    fn content(&self) -> LineContent<'_> {
        LineContent {
            seq: self.seq,
            at: self.at,
            actor_kind: &self.actor_kind,
            actor_id: self.actor_id,
            action: &self.action,
            entity: &self.entity,
            entity_key: &self.entity_key,
            detail: &self.detail,
        }
    }
}

/// Where the chain breaks: the first problem found, in the chain's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The line's fields no longer match its seal: it was altered after it was written.
    Altered { seq: i64, id: i64 },
    /// The line does not point at the one before it: that one was replaced, or this one's
    /// link was rewritten.
    Relinked { seq: i64, id: i64 },
    /// Lines `from..=to` are gone (deleted).
    Missing { from: i64, to: i64 },
    /// The head says the chain is longer than what is stored: its last lines were deleted.
    Truncated { head_seq: i64, last_seq: i64 },
    /// The head does not match the last line (it was rewritten).
    HeadAltered,
    /// A line that has no seal: written around the application (or before the upgrade that
    /// introduced seals, and the server has not started since to seal it).
    Unsealed { id: i64 },
    /// The anchor given to the check: line `seq` does not have the recorded hash, or is gone.
    AnchorMismatch { seq: i64 },
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Altered { seq, id } => write!(
                f,
                "line {seq} (id {id}) was altered: its fields no longer match its seal"
            ),
            Self::Relinked { seq, id } => write!(
                f,
                "line {seq} (id {id}) does not follow line {}: one of the two was rewritten",
                seq - 1
            ),
            Self::Missing { from, to } if from == to => write!(f, "line {from} was deleted"),
            Self::Missing { from, to } => write!(f, "lines {from} to {to} were deleted"),
            Self::Truncated { head_seq, last_seq } => write!(
                f,
                "the chain ends at line {last_seq} but its head says {head_seq}: the last lines were deleted"
            ),
            Self::HeadAltered => write!(f, "the chain's head does not match its last line"),
            Self::Unsealed { id } => write!(
                f,
                "line id {id} has no seal: it was written around AfterSales (or before the upgrade, and the server has not started since)"
            ),
            Self::AnchorMismatch { seq } => write!(
                f,
                "line {seq} no longer has the hash recorded for it: the chain was rewritten from there on"
            ),
        }
    }
}

/// A previously recorded point of the chain (`seq:hash`, as `audit verify` prints its head).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
}

impl std::str::FromStr for Anchor {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (seq, hash) = s
            .split_once(':')
            .ok_or("an anchor is SEQ:HASH, as `audit verify` prints the head")?;
        let seq = seq
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or("the anchor's SEQ is a line number from 1")?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("the anchor's HASH is 64 hexadecimal digits".into());
        }
        Ok(Self {
            seq,
            hash: hash.to_ascii_lowercase(),
        })
    }
}

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// Lines checked before the first break (all of them when the chain is intact).
    pub lines: u64,
    pub head_seq: i64,
    pub head_hash: String,
    pub first_break: Option<ChainBreak>,
}

/// Walks the lines in chain order, one at a time.
struct Walk {
    expected_seq: i64,
    prev_hash: String,
    lines: u64,
    anchor: Option<Anchor>,
}

impl Walk {
    fn new(anchor: Option<Anchor>) -> Self {
        Self {
            expected_seq: 1,
            prev_hash: GENESIS.to_owned(),
            lines: 0,
            anchor,
        }
    }

    fn step(&mut self, line: &SealedLine) -> Result<(), ChainBreak> {
        if line.seq != self.expected_seq {
            if let Some(anchor) = self.anchor.as_ref().filter(|a| a.seq < line.seq) {
                return Err(ChainBreak::AnchorMismatch { seq: anchor.seq });
            }
            return Err(ChainBreak::Missing {
                from: self.expected_seq,
                to: line.seq - 1,
            });
        }
        if seal(&line.content(), &line.prev_hash) != line.hash {
            return Err(ChainBreak::Altered {
                seq: line.seq,
                id: line.id,
            });
        }
        if line.prev_hash != self.prev_hash {
            return Err(ChainBreak::Relinked {
                seq: line.seq,
                id: line.id,
            });
        }
        if let Some(anchor) = self.anchor.as_ref().filter(|a| a.seq == line.seq) {
            if anchor.hash != line.hash {
                return Err(ChainBreak::AnchorMismatch { seq: anchor.seq });
            }
            self.anchor = None;
        }
        self.expected_seq += 1;
        self.prev_hash.clone_from(&line.hash);
        self.lines += 1;
        Ok(())
    }

    fn finish(&self, head_seq: i64, head_hash: &str) -> Result<(), ChainBreak> {
        let last_seq = self.expected_seq - 1;
        if let Some(anchor) = &self.anchor {
            return Err(ChainBreak::AnchorMismatch { seq: anchor.seq });
        }
        if head_seq > last_seq {
            return Err(ChainBreak::Truncated { head_seq, last_seq });
        }
        if head_seq < last_seq || head_hash != self.prev_hash {
            return Err(ChainBreak::HeadAltered);
        }
        Ok(())
    }
}

/// Checks the whole chain, reading it a page at a time; stops at the first break. It checks
/// the chain as far as the head it reads first: lines the running server writes meanwhile are
/// newer than the check, not a break.
pub async fn verify(repo: &dyn Repository, anchor: Option<Anchor>) -> DbResult<ChainReport> {
    let (head_seq, head_hash) = repo.audit_head().await?;
    let report = |walk: &Walk, first_break| ChainReport {
        lines: walk.lines,
        head_seq,
        head_hash: head_hash.clone(),
        first_break,
    };
    let mut walk = Walk::new(anchor);
    let mut after = 0;
    loop {
        let page = repo.sealed_audit_lines(after, head_seq, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for line in &page {
            if let Err(found) = walk.step(line) {
                return Ok(report(&walk, Some(found)));
            }
        }
    }
    if let Err(found) = walk.finish(head_seq, &head_hash) {
        return Ok(report(&walk, Some(found)));
    }
    let unsealed = repo
        .first_unsealed_audit_line()
        .await?
        .map(|id| ChainBreak::Unsealed { id });
    Ok(report(&walk, unsealed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<SealedLine> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let mut line = SealedLine {
                    id: seq + 100,
                    seq,
                    at: stored_instant(Utc::now()),
                    actor_kind: "staff".into(),
                    actor_id: Some(7),
                    action: "booking.created".into(),
                    entity: "booking".into(),
                    entity_key: format!("B{seq}"),
                    detail: r#"{"note":"x"}"#.into(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                line.hash = seal(&line.content(), &prev);
                prev.clone_from(&line.hash);
                line
            })
            .collect()
    }

    fn walk(lines: &[SealedLine], anchor: Option<Anchor>) -> Result<(), ChainBreak> {
        let mut w = Walk::new(anchor);
        for line in lines {
            w.step(line)?;
        }
        let head = lines
            .last()
            .map_or((0, GENESIS.to_owned()), |l| (l.seq, l.hash.clone()));
        w.finish(head.0, &head.1)
    }

    #[test]
    fn an_untouched_chain_is_intact() {
        assert_eq!(walk(&chain(5), None), Ok(()));
        assert_eq!(walk(&[], None), Ok(()));
    }

    #[test]
    fn changing_any_field_of_a_line_breaks_its_seal() {
        let edits: [fn(&mut SealedLine); 7] = [
            |l| l.at += chrono::Duration::microseconds(1),
            |l| l.actor_kind = "system".into(),
            |l| l.actor_id = Some(8),
            |l| l.action = "booking.cancelled".into(),
            |l| l.entity = "work_order".into(),
            |l| l.entity_key = "B9".into(),
            |l| l.detail = r#"{"note":"y"}"#.into(),
        ];
        for edit in edits {
            let mut lines = chain(4);
            edit(&mut lines[2]);
            assert_eq!(
                walk(&lines, None),
                Err(ChainBreak::Altered { seq: 3, id: 103 })
            );
        }
    }

    #[test]
    fn a_line_rewritten_with_a_fresh_seal_breaks_the_next_link() {
        let mut lines = chain(4);
        lines[1].detail = "{}".into();
        lines[1].hash = seal(&lines[1].content(), &lines[1].prev_hash);
        assert_eq!(
            walk(&lines, None),
            Err(ChainBreak::Relinked { seq: 3, id: 103 })
        );
    }

    #[test]
    fn a_deleted_line_leaves_a_gap_and_deleted_last_lines_a_long_head() {
        let mut lines = chain(5);
        lines.remove(2);
        lines.remove(2);
        assert_eq!(
            walk(&lines, None),
            Err(ChainBreak::Missing { from: 3, to: 4 })
        );

        let lines = chain(5);
        let mut w = Walk::new(None);
        for line in &lines[..3] {
            w.step(line).unwrap();
        }
        assert_eq!(
            w.finish(5, &lines[4].hash),
            Err(ChainBreak::Truncated {
                head_seq: 5,
                last_seq: 3
            })
        );
    }

    #[test]
    fn an_anchor_catches_a_chain_rewritten_from_end_to_end() {
        let original = chain(4);
        let anchor = Anchor {
            seq: 2,
            hash: original[1].hash.clone(),
        };
        // Someone edits line 2 and re-seals every line after it: the chain alone looks fine.
        let mut forged = original.clone();
        forged[1].detail = "{}".into();
        let mut prev = forged[0].hash.clone();
        for line in &mut forged[1..] {
            line.prev_hash.clone_from(&prev);
            line.hash = seal(&line.content(), &prev);
            prev.clone_from(&line.hash);
        }
        assert_eq!(walk(&forged, None), Ok(()));
        assert_eq!(
            walk(&forged, Some(anchor.clone())),
            Err(ChainBreak::AnchorMismatch { seq: 2 })
        );
        assert_eq!(walk(&original, Some(anchor)), Ok(()));
    }

    #[test]
    fn an_anchor_is_read_as_seq_colon_hash() {
        let hash = "A".repeat(64);
        assert_eq!(
            format!("12:{hash}").parse::<Anchor>(),
            Ok(Anchor {
                seq: 12,
                hash: hash.to_ascii_lowercase()
            })
        );
        for bad in ["12", "0:abc", &format!("x:{hash}"), "3:1234"] {
            assert!(bad.parse::<Anchor>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_stored_instant_keeps_microseconds() {
        let at: DateTime<Utc> = "2026-11-30T01:00:00.123456789Z".parse().unwrap();
        assert_eq!(
            stored_instant(at).to_rfc3339_opts(SecondsFormat::Nanos, true),
            "2026-11-30T01:00:00.123456000Z"
        );
    }
}
