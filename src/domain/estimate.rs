//! The estimate (估价单): labour (工时) and parts (材料) lines itemised apart, their totals, and
//! the customer's approval of items found during the repair (增项).
//!
//! Money is whole fen (分) in an `i64`; hours and quantities are hundredths in a `u32`, so
//! `1.5 h × ¥120.00` is exactly `150 × 12000 / 100 = 18000` fen. Nothing is a float.

use super::catalog::Lang;
use super::error::{AppError, Field, Problem};
use super::identity::bounded_text;
use super::ids::LineId;
use super::work_order::{optional_text, ApprovalMethod, WorkOrderStatus};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An amount of money in fen (1/100 yuan).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    /// The largest amount one line may carry: ¥1,000,000.
    pub const LINE_MAX: Money = Money(100_000_000);

    pub fn fen(self) -> i64 {
        self.0
    }
}

/// `¥1,234.50`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let fen = self.0.unsigned_abs();
        let yuan = (fen / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}¥{grouped}.{:02}", fen % 100)
    }
}

/// A hundredths value (hours or a quantity): `1.5` → 150. At most two decimals.
pub fn parse_hundredths(input: &str) -> Option<u64> {
    let text = input.trim().replace(',', "");
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(frac) || frac.len() > 2 || whole.len() > 9 {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: u64 = format!("{frac:0<2}").parse().ok()?;
    Some(whole * 100 + frac)
}

/// Shows a hundredths value the short way: 150 → `1.5`, 200 → `2`.
pub fn format_hundredths(value: u32) -> String {
    let whole = value / 100;
    match value % 100 {
        0 => whole.to_string(),
        f if f.is_multiple_of(10) => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// Where a part comes from; priced and labelled apart (the parts rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartOrigin {
    /// 原厂件.
    Original,
    /// 同质/副厂件.
    Equivalent,
    /// 修复件.
    Repaired,
}

impl PartOrigin {
    pub const ALL: [PartOrigin; 3] = [Self::Original, Self::Equivalent, Self::Repaired];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Original => "original",
            Self::Equivalent => "equivalent",
            Self::Repaired => "repaired",
        }
    }
}

impl FromStr for PartOrigin {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or_else(|| format!("unknown part origin {s:?}"))
    }
}

/// The unit a part is counted in. Stored as its code and shown in the reader's language;
/// lines written before units were codes hold the Chinese word, which reads the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartUnit {
    /// 件 (each).
    Piece,
    /// 升.
    Litre,
    /// 套.
    Set,
    /// 副 (a pair, such as wiper blades).
    Pair,
    /// 瓶.
    Bottle,
    /// 米.
    Metre,
    /// 千克.
    Kilogram,
}

impl PartUnit {
    pub const ALL: [PartUnit; 7] = [
        Self::Piece,
        Self::Litre,
        Self::Set,
        Self::Pair,
        Self::Bottle,
        Self::Metre,
        Self::Kilogram,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Piece => "piece",
            Self::Litre => "litre",
            Self::Set => "set",
            Self::Pair => "pair",
            Self::Bottle => "bottle",
            Self::Metre => "metre",
            Self::Kilogram => "kg",
        }
    }

    fn chinese(self) -> &'static str {
        match self {
            Self::Piece => "件",
            Self::Litre => "升",
            Self::Set => "套",
            Self::Pair => "副",
            Self::Bottle => "瓶",
            Self::Metre => "米",
            Self::Kilogram => "千克",
        }
    }

    /// A stored unit: its code, or the Chinese word an older line holds (with the everyday
    /// synonyms 个 for 件 and 对 for 副).
    pub fn from_stored(text: &str) -> Option<Self> {
        let text = match text.trim() {
            "个" => "件",
            "对" => "副",
            other => other,
        };
        Self::ALL
            .into_iter()
            .find(|u| u.as_str() == text || u.chinese() == text)
    }
}

/// A fee that is neither labour nor material (the settlement list lists each apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FeeKind {
    /// 诊断费.
    Diagnosis,
    /// 检测费.
    Testing,
    /// 外协加工费 (work sent to another shop).
    Sublet,
    /// 其他费用.
    Other,
}

impl FeeKind {
    pub const ALL: [FeeKind; 4] = [Self::Diagnosis, Self::Testing, Self::Sublet, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Diagnosis => "diagnosis",
            Self::Testing => "testing",
            Self::Sublet => "sublet",
            Self::Other => "other",
        }
    }
}

impl FromStr for FeeKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| format!("unknown fee kind {s:?}"))
    }
}

/// The three kinds of line, itemised apart on the estimate and the settlement list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LineCategory {
    /// 工时.
    Labour,
    /// 材料.
    #[default]
    Part,
    /// 其他费用.
    Fee,
}

impl LineCategory {
    pub const ALL: [LineCategory; 3] = [Self::Part, Self::Labour, Self::Fee];
}

/// What a line is, with its own numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineKind {
    /// 工时: hours (hundredths) at an hourly rate.
    Labour { hours: u32, rate: Money },
    /// 材料: a part with what the settlement list prints of it, quantity (hundredths) at a unit
    /// price. A part the customer brought is listed at no charge.
    Part {
        part_code: String,
        origin: PartOrigin,
        brand: String,
        spec: String,
        unit: String,
        customer_supplied: bool,
        quantity: u32,
        unit_price: Money,
    },
    /// 诊断/检测/外协/其他: a fixed amount.
    Fee { fee: FeeKind, amount: Money },
}

impl LineKind {
    pub fn category(&self) -> LineCategory {
        match self {
            Self::Labour { .. } => LineCategory::Labour,
            Self::Part { .. } => LineCategory::Part,
            Self::Fee { .. } => LineCategory::Fee,
        }
    }

    /// Hours × rate or quantity × unit price, rounded to the fen; a fee is its amount.
    pub fn amount(&self) -> Money {
        let (count, price) = match self {
            Self::Labour { hours, rate } => (*hours, *rate),
            Self::Part {
                quantity,
                unit_price,
                ..
            } => (*quantity, *unit_price),
            Self::Fee { amount, .. } => return *amount,
        };
        Money((i64::from(count) * price.0 + 50) / 100)
    }
}

/// Where a line stands with the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Approval {
    /// Agreed at reception, with the customer at the desk (signed on the check-in sheet).
    Agreed,
    /// Found later (增项): waits for the customer's decision before the work.
    Pending,
    Approved,
    Declined,
}

impl Approval {
    pub const ALL: [Approval; 4] = [Self::Agreed, Self::Pending, Self::Approved, Self::Declined];

    /// A line added in this status needs the customer's approval (anything after check-in).
    pub fn for_line_added_in(status: WorkOrderStatus) -> Self {
        if status == WorkOrderStatus::CheckedIn {
            Self::Agreed
        } else {
            Self::Pending
        }
    }

    /// The line is part of the work and of the bill.
    pub fn counts(self) -> bool {
        matches!(self, Self::Agreed | Self::Approved)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agreed => "agreed",
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Declined => "declined",
        }
    }
}

impl FromStr for Approval {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| format!("unknown approval {s:?}"))
    }
}

/// One line of the estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstimateLine {
    pub id: LineId,
    /// The repair item or the part's name: as typed, or the catalogue's Chinese name.
    pub item: String,
    /// The catalogue's English name of a line from the initial estimate; empty for typed items.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item_en: String,
    /// Why it is needed (shown to the customer with the price).
    pub reason: String,
    pub kind: LineKind,
    pub amount: Money,
    pub approval: Approval,
}

impl EstimateLine {
    pub fn is_pending(&self) -> bool {
        self.approval == Approval::Pending
    }

    /// The item in the reader's language where the catalogue has it; typed text as typed.
    pub fn item_in(&self, lang: Lang) -> &str {
        item_in(&self.item, &self.item_en, lang)
    }
}

pub(crate) fn item_in<'a>(item: &'a str, item_en: &'a str, lang: Lang) -> &'a str {
    match lang {
        Lang::En if !item_en.is_empty() => item_en,
        _ => item,
    }
}

/// The estimate's sums: only agreed and approved lines count; pending ones are shown apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub labour: Money,
    pub parts: Money,
    pub fees: Money,
    pub total: Money,
    /// Waiting for the customer: not in the total until approved.
    pub pending: Money,
}

impl Totals {
    pub fn of(lines: &[EstimateLine]) -> Self {
        let mut totals = Totals::default();
        for line in lines {
            if line.approval.counts() {
                let sum = match line.kind.category() {
                    LineCategory::Labour => &mut totals.labour,
                    LineCategory::Part => &mut totals.parts,
                    LineCategory::Fee => &mut totals.fees,
                };
                sum.0 += line.amount.0;
            } else if line.is_pending() {
                totals.pending.0 += line.amount.0;
            }
        }
        totals.total = Money(totals.labour.0 + totals.parts.0 + totals.fees.0);
        totals
    }

    /// What the customer pays: nothing for a rework inside the warranty period.
    pub fn payable(&self, free_of_charge: bool) -> Money {
        if free_of_charge {
            Money(0)
        } else {
            self.total
        }
    }
}

/// A line as typed on the tablet. `category` picks which fields matter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineForm {
    pub category: LineCategory,
    pub item: String,
    pub reason: String,
    /// Labour.
    pub hours: String,
    pub rate: String,
    /// Parts.
    pub part_code: String,
    pub origin: Option<PartOrigin>,
    pub brand: String,
    pub spec: String,
    pub unit: String,
    pub customer_supplied: bool,
    pub quantity: String,
    pub unit_price: String,
    /// Fees.
    pub fee: Option<FeeKind>,
    pub amount: String,
}

/// A valid new line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLine {
    pub item: String,
    /// English catalogue name (initial estimate); empty for typed items.
    pub item_en: String,
    pub reason: String,
    pub kind: LineKind,
}

impl NewLine {
    pub fn amount(&self) -> Money {
        self.kind.amount()
    }

    pub fn item_in(&self, lang: Lang) -> &str {
        item_in(&self.item, &self.item_en, lang)
    }
}

/// A money amount as typed: `380`, `380.5`, `1,380.50`; at most `max`.
pub fn parse_money(input: &str, field: Field, max: Money) -> Result<Money, AppError> {
    if input.trim().is_empty() {
        return Err(AppError::invalid(field, Problem::Required));
    }
    let text = input.trim().trim_start_matches(['¥', '￥']);
    parse_hundredths(text)
        .and_then(|fen| i64::try_from(fen).ok())
        .map(Money)
        .filter(|m| *m <= max)
        .ok_or(AppError::invalid(field, Problem::AmountFormat))
}

/// A positive hundredths value of at most `max_whole` units.
fn parse_count(input: &str, field: Field, max_whole: u32) -> Result<u32, AppError> {
    if input.trim().is_empty() {
        return Err(AppError::invalid(field, Problem::Required));
    }
    parse_hundredths(input)
        .filter(|v| *v > 0 && *v <= u64::from(max_whole) * 100)
        .map(|v| v as u32)
        .ok_or(AppError::invalid(field, Problem::AmountFormat))
}

impl LineForm {
    pub const ITEM_MAX: u32 = 100;
    pub const CODE_MAX: u32 = 40;
    pub const SPEC_MAX: u32 = 40;

    pub fn parse(&self) -> Result<NewLine, AppError> {
        let item = bounded_text(&self.item, Self::ITEM_MAX)
            .map_err(|p| AppError::invalid(Field::Item, p))?;
        let reason = optional_text(&self.reason, Field::Reason, 500)?;
        let (kind, price_field) = match self.category {
            LineCategory::Labour => (
                LineKind::Labour {
                    hours: parse_count(&self.hours, Field::Hours, 100)?,
                    rate: parse_money(&self.rate, Field::Rate, Money(1_000_000))?,
                },
                Field::Rate,
            ),
            LineCategory::Part => {
                // One of the units, by code (the form's choice) or its Chinese word; none is 件.
                let unit = match self.unit.trim() {
                    "" => PartUnit::Piece,
                    typed => PartUnit::from_stored(typed)
                        .ok_or(AppError::invalid(Field::Unit, Problem::UnknownChoice))?,
                };
                (
                    LineKind::Part {
                        part_code: optional_text(&self.part_code, Field::PartCode, Self::CODE_MAX)?
                            .to_ascii_uppercase(),
                        origin: self
                            .origin
                            .ok_or(AppError::invalid(Field::Origin, Problem::Required))?,
                        brand: optional_text(&self.brand, Field::Brand, Self::SPEC_MAX)?,
                        spec: optional_text(&self.spec, Field::Spec, Self::SPEC_MAX)?,
                        unit: unit.as_str().into(),
                        customer_supplied: self.customer_supplied,
                        quantity: parse_count(&self.quantity, Field::Quantity, 1000)?,
                        // The customer's own part is listed, not charged.
                        unit_price: if self.customer_supplied {
                            Money(0)
                        } else {
                            parse_money(&self.unit_price, Field::UnitPrice, Money::LINE_MAX)?
                        },
                    },
                    Field::UnitPrice,
                )
            }
            LineCategory::Fee => (
                LineKind::Fee {
                    fee: self
                        .fee
                        .ok_or(AppError::invalid(Field::FeeKind, Problem::Required))?,
                    amount: parse_money(&self.amount, Field::Amount, Money::LINE_MAX)?,
                },
                Field::Amount,
            ),
        };
        if kind.amount() > Money::LINE_MAX {
            return Err(AppError::invalid(price_field, Problem::AmountFormat));
        }
        Ok(NewLine {
            item,
            item_en: String::new(),
            reason,
            kind,
        })
    }
}

/// The customer's answer for one pending line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineDecision {
    pub line: LineId,
    pub approve: bool,
}

/// The customer's decision on everything pending, with their signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalForm {
    pub decisions: Vec<LineDecision>,
    /// The signature pad's drawing as a `data:image/png;base64,` URL.
    pub signature_png: String,
}

impl ApprovalForm {
    /// A signature image is small; anything bigger is not a signature pad's PNG.
    pub const SIGNATURE_MAX_BYTES: usize = 200_000;
    pub const PNG_PREFIX: &'static str = "data:image/png;base64,";

    /// Checks the decision covers exactly the pending lines, once each, and is signed.
    pub fn check(&self, pending: &[LineId]) -> Result<(), AppError> {
        check_decisions(&self.decisions, pending)?;
        check_signature(&self.signature_png)
    }
}

/// Every pending line decided, once each, and nothing else.
fn check_decisions(decisions: &[LineDecision], pending: &[LineId]) -> Result<(), AppError> {
    let mut decided: Vec<LineId> = decisions.iter().map(|d| d.line).collect();
    decided.sort();
    let mut wanted = pending.to_vec();
    wanted.sort();
    if decided != wanted {
        return Err(AppError::invalid(
            Field::Decisions,
            Problem::DecideEveryItem,
        ));
    }
    Ok(())
}

/// A drawing from the signature pad: a PNG data URL of sensible size.
fn check_signature(signature_png: &str) -> Result<(), AppError> {
    let png = signature_png
        .strip_prefix(ApprovalForm::PNG_PREFIX)
        .unwrap_or_default();
    if png.len() < 100 {
        return Err(AppError::invalid(Field::Signature, Problem::Required));
    }
    if signature_png.len() > ApprovalForm::SIGNATURE_MAX_BYTES
        || !png
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
    {
        return Err(AppError::invalid(
            Field::Signature,
            Problem::SignatureFormat,
        ));
    }
    Ok(())
}

/// A decision the customer gave by phone or at the desk, as the advisor records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskDecisionForm {
    pub decisions: Vec<LineDecision>,
    pub method: ApprovalMethod,
    /// The call's record (when, who, what was said): required for a phone decision.
    pub note: String,
    /// Signed on the tablet: required for a decision in person.
    pub signature_png: String,
}

impl DeskDecisionForm {
    pub const NOTE_MAX: u32 = 500;

    /// Checks the decision and answers the note to keep.
    pub fn check(&self, pending: &[LineId]) -> Result<String, AppError> {
        check_decisions(&self.decisions, pending)?;
        check_given_at_desk(self.method, &self.note, &self.signature_png)
    }
}

/// How a customer's word the desk records was given: by phone, with the call's note, or in
/// person, signed on the tablet. Answers the note to keep.
fn check_given_at_desk(
    method: ApprovalMethod,
    note: &str,
    signature_png: &str,
) -> Result<String, AppError> {
    let note = optional_text(note, Field::Note, DeskDecisionForm::NOTE_MAX)?;
    match method {
        ApprovalMethod::Phone if note.is_empty() => {
            Err(AppError::invalid(Field::Note, Problem::Required))
        }
        ApprovalMethod::Phone => Ok(note),
        ApprovalMethod::InPerson => check_signature(signature_png).map(|()| note),
        // Only the customer signs on the portal.
        ApprovalMethod::PortalSignature => {
            Err(AppError::invalid(Field::Method, Problem::UnknownChoice))
        }
    }
}

/// The customer's consent to the initial estimate when the order is opened, as the advisor
/// records it with the check-in: signed on the tablet, or given by phone (a car left before
/// the customer could sign).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentForm {
    pub method: Option<ApprovalMethod>,
    pub note: String,
    pub signature_png: String,
    /// The total the customer was shown and agreed to: the server's own pricing must match.
    pub total: Money,
}

impl ConsentForm {
    /// Checks the consent and answers how it was given and the note to keep.
    pub fn check(&self) -> Result<(ApprovalMethod, String), AppError> {
        let method = self
            .method
            .ok_or(AppError::invalid(Field::Method, Problem::Required))?;
        let note = check_given_at_desk(method, &self.note, &self.signature_png)?;
        Ok((method, note))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(kind: LineKind, approval: Approval) -> EstimateLine {
        EstimateLine {
            id: LineId(1),
            item: "x".into(),
            item_en: String::new(),
            reason: String::new(),
            amount: kind.amount(),
            kind,
            approval,
        }
    }

    #[test]
    fn money_shows_yuan_with_separators_and_two_decimals() {
        assert_eq!(Money(0).to_string(), "¥0.00");
        assert_eq!(Money(123_450).to_string(), "¥1,234.50");
        assert_eq!(Money(100_000_000).to_string(), "¥1,000,000.00");
        assert_eq!(Money(-5).to_string(), "-¥0.05");
    }

    #[test]
    fn hundredths_accept_what_people_type_and_nothing_else() {
        assert_eq!(parse_hundredths("1.5"), Some(150));
        assert_eq!(parse_hundredths("2"), Some(200));
        assert_eq!(parse_hundredths(".25"), Some(25));
        assert_eq!(parse_hundredths("1,380.50"), Some(138_050));
        assert_eq!(parse_hundredths("1.234"), None);
        assert_eq!(parse_hundredths("-1"), None);
        assert_eq!(parse_hundredths("abc"), None);
        assert_eq!(parse_hundredths(""), None);
        assert_eq!(format_hundredths(150), "1.5");
        assert_eq!(format_hundredths(200), "2");
        assert_eq!(format_hundredths(125), "1.25");
    }

    #[test]
    fn a_line_amount_is_exact_to_the_fen() {
        let labour = LineKind::Labour {
            hours: 150,
            rate: Money(12_000),
        };
        assert_eq!(labour.amount(), Money(18_000));
        let part = LineKind::Part {
            part_code: "P1".into(),
            origin: PartOrigin::Original,
            brand: String::new(),
            spec: String::new(),
            unit: "L".into(),
            customer_supplied: false,
            quantity: 433,
            unit_price: Money(6_999),
        };
        // 4.33 × ¥69.99 = ¥303.0567 → ¥303.06
        assert_eq!(part.amount(), Money(30_306));
    }

    #[test]
    fn totals_count_agreed_and_approved_lines_and_keep_pending_apart() {
        let labour = LineKind::Labour {
            hours: 100,
            rate: Money(10_000),
        };
        let part = LineKind::Part {
            part_code: String::new(),
            origin: PartOrigin::Equivalent,
            brand: String::new(),
            spec: String::new(),
            unit: "件".into(),
            customer_supplied: false,
            quantity: 200,
            unit_price: Money(5_000),
        };
        let fee = LineKind::Fee {
            fee: FeeKind::Diagnosis,
            amount: Money(8_000),
        };
        let lines = vec![
            line(labour.clone(), Approval::Agreed),
            line(part.clone(), Approval::Approved),
            line(labour.clone(), Approval::Declined),
            line(part, Approval::Pending),
            line(fee, Approval::Agreed),
        ];
        let totals = Totals::of(&lines);
        assert_eq!(totals.labour, Money(10_000));
        assert_eq!(totals.parts, Money(10_000));
        assert_eq!(totals.fees, Money(8_000));
        assert_eq!(totals.total, Money(28_000));
        assert_eq!(totals.pending, Money(10_000));
        assert_eq!(totals.payable(false), Money(28_000));
        assert_eq!(totals.payable(true), Money(0));
    }

    #[test]
    fn a_line_form_names_the_field_that_is_wrong() {
        let form = LineForm {
            category: LineCategory::Part,
            item: "刹车片".into(),
            origin: Some(PartOrigin::Original),
            quantity: "1".into(),
            unit_price: "12.345".into(),
            ..Default::default()
        };
        assert_eq!(
            form.parse(),
            Err(AppError::invalid(Field::UnitPrice, Problem::AmountFormat))
        );
        let no_origin = LineForm {
            origin: None,
            unit_price: "480".into(),
            ..form.clone()
        };
        assert_eq!(
            no_origin.parse(),
            Err(AppError::invalid(Field::Origin, Problem::Required))
        );
        let labour = LineForm {
            category: LineCategory::Labour,
            item: "更换刹车片".into(),
            hours: "0".into(),
            rate: "200".into(),
            ..Default::default()
        };
        assert_eq!(
            labour.parse(),
            Err(AppError::invalid(Field::Hours, Problem::AmountFormat))
        );
        let fee = LineForm {
            category: LineCategory::Fee,
            item: "电脑诊断".into(),
            amount: "80".into(),
            ..Default::default()
        };
        assert_eq!(
            fee.parse(),
            Err(AppError::invalid(Field::FeeKind, Problem::Required))
        );
    }

    #[test]
    fn a_unit_is_one_of_the_units_by_code_or_chinese_word_and_stored_as_its_code() {
        for unit in PartUnit::ALL {
            assert_eq!(PartUnit::from_stored(unit.as_str()), Some(unit));
            assert_eq!(PartUnit::from_stored(unit.chinese()), Some(unit));
        }
        let form = |unit: &str| LineForm {
            category: LineCategory::Part,
            item: "机油".into(),
            origin: Some(PartOrigin::Original),
            unit: unit.into(),
            quantity: "4".into(),
            unit_price: "85".into(),
            ..Default::default()
        };
        let stored = |unit: &str| match form(unit).parse().map(|l| l.kind) {
            Ok(LineKind::Part { unit, .. }) => Ok(unit),
            other => Err(other),
        };
        assert_eq!(stored("升"), Ok("litre".to_string()));
        assert_eq!(stored("对"), Ok("pair".to_string()));
        assert_eq!(stored("litre"), Ok("litre".to_string()));
        assert_eq!(
            form("桶").parse(),
            Err(AppError::invalid(Field::Unit, Problem::UnknownChoice))
        );
    }

    #[test]
    fn a_part_the_customer_brought_is_listed_at_no_charge_with_a_default_unit() {
        let form = LineForm {
            category: LineCategory::Part,
            item: "机油".into(),
            origin: Some(PartOrigin::Original),
            brand: "美孚".into(),
            spec: "0W-20 4L".into(),
            customer_supplied: true,
            quantity: "1".into(),
            unit_price: "399".into(),
            ..Default::default()
        };
        let line = form.parse().expect("a valid part line");
        assert_eq!(line.amount(), Money(0));
        match line.kind {
            LineKind::Part {
                unit,
                brand,
                customer_supplied,
                ..
            } => {
                assert_eq!(unit, "piece", "no unit chosen is 件, stored as its code");
                assert_eq!(brand, "美孚");
                assert!(customer_supplied);
            }
            other => panic!("not a part: {other:?}"),
        }
        let fee = LineForm {
            category: LineCategory::Fee,
            item: "四轮定位检测".into(),
            fee: Some(FeeKind::Testing),
            amount: "120".into(),
            ..Default::default()
        };
        assert_eq!(fee.parse().map(|l| l.amount()), Ok(Money(12_000)));
        for f in FeeKind::ALL {
            assert_eq!(f.as_str().parse::<FeeKind>(), Ok(f));
        }
    }

    #[test]
    fn an_approval_must_decide_every_pending_line_and_be_signed() {
        let pending = [LineId(1), LineId(2)];
        let signature = format!("{}{}", ApprovalForm::PNG_PREFIX, "A".repeat(200));
        let both = ApprovalForm {
            decisions: vec![
                LineDecision {
                    line: LineId(2),
                    approve: false,
                },
                LineDecision {
                    line: LineId(1),
                    approve: true,
                },
            ],
            signature_png: signature.clone(),
        };
        assert_eq!(both.check(&pending), Ok(()));
        let one = ApprovalForm {
            decisions: both.decisions[..1].to_vec(),
            ..both.clone()
        };
        assert_eq!(
            one.check(&pending),
            Err(AppError::invalid(
                Field::Decisions,
                Problem::DecideEveryItem
            ))
        );
        let unsigned = ApprovalForm {
            signature_png: String::new(),
            ..both.clone()
        };
        assert_eq!(
            unsigned.check(&pending),
            Err(AppError::invalid(Field::Signature, Problem::Required))
        );
        let script = ApprovalForm {
            signature_png: format!("{}{}<script>", ApprovalForm::PNG_PREFIX, "A".repeat(200)),
            ..both
        };
        assert_eq!(
            script.check(&pending),
            Err(AppError::invalid(
                Field::Signature,
                Problem::SignatureFormat
            ))
        );
    }

    #[test]
    fn a_phone_decision_needs_the_calls_record_and_one_in_person_a_signature() {
        let pending = [LineId(7)];
        let phone = DeskDecisionForm {
            decisions: vec![LineDecision {
                line: LineId(7),
                approve: true,
            }],
            method: ApprovalMethod::Phone,
            note: String::new(),
            signature_png: String::new(),
        };
        assert_eq!(
            phone.check(&pending),
            Err(AppError::invalid(Field::Note, Problem::Required))
        );
        let noted = DeskDecisionForm {
            note: " 14:05 客户来电同意更换 ".into(),
            ..phone.clone()
        };
        assert_eq!(noted.check(&pending), Ok("14:05 客户来电同意更换".into()));
        let in_person = DeskDecisionForm {
            method: ApprovalMethod::InPerson,
            ..phone.clone()
        };
        assert_eq!(
            in_person.check(&pending),
            Err(AppError::invalid(Field::Signature, Problem::Required))
        );
        let signed = DeskDecisionForm {
            signature_png: format!("{}{}", ApprovalForm::PNG_PREFIX, "A".repeat(200)),
            ..in_person
        };
        assert_eq!(signed.check(&pending), Ok(String::new()));
        let as_portal = DeskDecisionForm {
            method: ApprovalMethod::PortalSignature,
            ..signed
        };
        assert_eq!(
            as_portal.check(&pending),
            Err(AppError::invalid(Field::Method, Problem::UnknownChoice))
        );
        for m in ApprovalMethod::ALL {
            assert_eq!(m.as_str().parse::<ApprovalMethod>(), Ok(m));
        }
    }

    #[test]
    fn only_lines_added_after_check_in_need_approval() {
        assert_eq!(
            Approval::for_line_added_in(WorkOrderStatus::CheckedIn),
            Approval::Agreed
        );
        for status in WorkOrderStatus::ALL {
            if status != WorkOrderStatus::CheckedIn {
                assert_eq!(Approval::for_line_added_in(status), Approval::Pending);
            }
        }
        for a in Approval::ALL {
            assert_eq!(a.as_str().parse::<Approval>(), Ok(a));
        }
    }
}
