//! Estimate lines and the customer's approvals: reading an order's (or a car's) lines, adding
//! a line, and storing a decision on the pending ones with the step back to repair.

use super::orders::apply_transition;
use crate::domain::estimate::{Approval, LineKind, Money, NewLine};
use crate::server::db::store::{corrupt, to_i32, Backend, Store};
use crate::server::db::*;
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Type};

/// The columns of an estimate line, as every line query selects them.
const LINE_COLUMNS: &str = "l.id, l.kind, l.item, l.item_en, l.reason, l.part_code, l.origin, \
    l.brand, l.spec, l.unit, l.customer_supplied, l.fee_kind, l.count_hundredths, l.unit_fen, \
    l.amount_fen, l.approval";

#[derive(FromRow)]
struct LineRow {
    id: i64,
    kind: String,
    item: String,
    item_en: String,
    reason: String,
    part_code: String,
    origin: Option<String>,
    brand: String,
    spec: String,
    unit: String,
    customer_supplied: bool,
    fee_kind: Option<String>,
    count_hundredths: i32,
    unit_fen: i64,
    amount_fen: i64,
    approval: String,
}

impl TryFrom<LineRow> for EstimateLine {
    type Error = DbError;
    fn try_from(r: LineRow) -> Result<Self, Self::Error> {
        let count = r.count_hundredths as u32;
        let kind = match r.kind.as_str() {
            "labour" => LineKind::Labour {
                hours: count,
                rate: Money(r.unit_fen),
            },
            "part" => LineKind::Part {
                part_code: r.part_code,
                origin: r
                    .origin
                    .as_deref()
                    .unwrap_or_default()
                    .parse()
                    .map_err(corrupt)?,
                brand: r.brand,
                spec: r.spec,
                unit: r.unit,
                customer_supplied: r.customer_supplied,
                quantity: count,
                unit_price: Money(r.unit_fen),
            },
            "fee" => LineKind::Fee {
                fee: r
                    .fee_kind
                    .as_deref()
                    .unwrap_or_default()
                    .parse()
                    .map_err(corrupt)?,
                amount: Money(r.unit_fen),
            },
            other => return Err(corrupt(format!("line kind {other:?}"))),
        };
        Ok(EstimateLine {
            id: LineId(r.id),
            item: r.item,
            item_en: r.item_en,
            reason: r.reason,
            kind,
            amount: Money(r.amount_fen),
            approval: r.approval.parse().map_err(corrupt)?,
        })
    }
}

#[async_trait::async_trait]
impl<DB> Estimates for Store<DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> &'r str: ColumnIndex<DB::Row>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> Option<bool>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
    for<'q> Vec<u8>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
{
    async fn work_order_lines(&self, id: WorkOrderId) -> DbResult<Vec<EstimateLine>> {
        let rows: Vec<LineRow> = sqlx::query_as(&format!(
            "SELECT {LINE_COLUMNS} FROM work_order_lines l WHERE l.work_order_id = $1 ORDER BY l.id"
        ))
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(EstimateLine::try_from).collect()
    }

    async fn lines_of_car(&self, car: CarId) -> DbResult<Vec<(WorkOrderId, EstimateLine)>> {
        #[derive(FromRow)]
        struct CarLineRow {
            work_order_id: i64,
            #[sqlx(flatten)]
            line: LineRow,
        }
        let rows: Vec<CarLineRow> = sqlx::query_as(&format!(
            "SELECT l.work_order_id, {LINE_COLUMNS} FROM work_order_lines l \
             JOIN work_orders w ON w.id = l.work_order_id WHERE w.car_id = $1 ORDER BY l.id"
        ))
        .bind(car.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok((
                    WorkOrderId(r.work_order_id),
                    EstimateLine::try_from(r.line)?,
                ))
            })
            .collect()
    }

    async fn approvals_of(&self, id: WorkOrderId) -> DbResult<Vec<ApprovalRow>> {
        let rows: Vec<(i64, DateTime<Utc>, String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT a.id, a.at, a.signer_name, a.method, s.display_name, a.note FROM approvals a \
             LEFT JOIN staff s ON s.id = a.recorded_by_staff_id \
             WHERE a.work_order_id = $1 ORDER BY a.id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        let decided: Vec<(i64, String)> = sqlx::query_as(
            "SELECT approval_id, approval FROM work_order_lines \
             WHERE work_order_id = $1 AND approval_id IS NOT NULL",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(
                |(approval_id, at, signer_name, method, recorded_by, note)| {
                    let count = |state: Approval| {
                        decided
                            .iter()
                            .filter(|(a, s)| *a == approval_id && s == state.as_str())
                            .count() as u32
                    };
                    Ok(ApprovalRow {
                        at,
                        signer_name,
                        method: method.parse().map_err(corrupt)?,
                        // Consent to the initial estimate agrees its lines.
                        approved: count(Approval::Approved) + count(Approval::Agreed),
                        declined: count(Approval::Declined),
                        recorded_by,
                        note,
                    })
                },
            )
            .collect()
    }

    async fn add_line(&self, add: &LineToAdd, audit: &AuditEntry) -> DbResult<LineAdded> {
        let mut tx = DB::begin_write(&self.pool).await?;
        // Guard: the order is still in the status the approval rule was decided for.
        let still: Option<(i64,)> = sqlx::query_as(
            "UPDATE work_orders SET version = version + 1, updated_at = $1 WHERE id = $2 AND status = $3 RETURNING id",
        )
        .bind(add.at)
        .bind(add.order.0)
        .bind(add.seen_status.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        if still.is_none() {
            return Ok(LineAdded::ChangedMeanwhile);
        }
        let id = insert_line::<DB>(
            &mut tx,
            add.order,
            &add.line,
            add.approval,
            None,
            add.staff,
            add.at,
        )
        .await?;
        crate::server::db::kpi_days::mark_order_days::<DB>(&mut tx, add.order).await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(LineAdded::Added(id))
    }

    async fn decide(&self, d: &Decision, audit: &AuditEntry) -> DbResult<Stepped> {
        let mut tx = DB::begin_write(&self.pool).await?;
        if !apply_transition::<DB>(&mut tx, &d.transition).await? {
            return Ok(Stepped::ChangedMeanwhile);
        }
        let (approval_id,): (i64,) = sqlx::query_as(
            "INSERT INTO approvals (work_order_id, customer_id, at, method, signer_name, signature_png, \
             recorded_by_staff_id, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(d.transition.order.0)
        .bind(d.customer.0)
        .bind(d.transition.at)
        .bind(d.method.as_str())
        .bind(d.signer_name.as_str())
        .bind(d.signature_png.as_str())
        .bind(d.recorded_by.map(|s| s.0))
        .bind(d.note.as_str())
        .fetch_one(&mut *tx)
        .await?;
        for decision in &d.decisions {
            let state = if decision.approve {
                Approval::Approved
            } else {
                Approval::Declined
            };
            let updated: Option<(i64,)> = sqlx::query_as(
                "UPDATE work_order_lines SET approval = $1, approval_id = $2 \
                 WHERE id = $3 AND work_order_id = $4 AND approval = $5 RETURNING id",
            )
            .bind(state.as_str())
            .bind(approval_id)
            .bind(decision.line.0)
            .bind(d.transition.order.0)
            .bind(Approval::Pending.as_str())
            .fetch_optional(&mut *tx)
            .await?;
            if updated.is_none() {
                // A line no longer pending: the whole decision is refused (rolled back).
                return Ok(Stepped::ChangedMeanwhile);
            }
        }
        crate::server::db::kpi_days::mark_order_days::<DB>(&mut tx, d.transition.order).await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Stepped::Done)
    }
}

/// One estimate line, with how it stands with the customer (and the approval that decided it).
#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_line<DB>(
    conn: &mut DB::Connection,
    order: WorkOrderId,
    line: &NewLine,
    approval: Approval,
    approval_id: Option<i64>,
    staff: StaffId,
    at: DateTime<Utc>,
) -> DbResult<LineId>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
{
    let none = "";
    let (kind, part_code, origin, count, unit_fen) = match &line.kind {
        LineKind::Labour { hours, rate } => ("labour", none, None, *hours, rate.0),
        LineKind::Part {
            part_code,
            origin,
            quantity,
            unit_price,
            ..
        } => (
            "part",
            part_code.as_str(),
            Some(origin.as_str()),
            *quantity,
            unit_price.0,
        ),
        LineKind::Fee { amount, .. } => ("fee", none, None, 100, amount.0),
    };
    let (brand, spec, unit, customer_supplied) = match &line.kind {
        LineKind::Part {
            brand,
            spec,
            unit,
            customer_supplied,
            ..
        } => (
            brand.as_str(),
            spec.as_str(),
            unit.as_str(),
            *customer_supplied,
        ),
        LineKind::Labour { .. } | LineKind::Fee { .. } => (none, none, none, false),
    };
    let fee_kind = match &line.kind {
        LineKind::Fee { fee, .. } => Some(fee.as_str()),
        LineKind::Labour { .. } | LineKind::Part { .. } => None,
    };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO work_order_lines (work_order_id, kind, item, item_en, reason, part_code, origin, brand, \
     spec, unit, customer_supplied, fee_kind, count_hundredths, unit_fen, amount_fen, approval, \
     approval_id, added_by_staff_id, added_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
    )
    .bind(order.0)
    .bind(kind)
    .bind(line.item.as_str())
    .bind(line.item_en.as_str())
    .bind(line.reason.as_str())
    .bind(part_code)
    .bind(origin)
    .bind(brand)
    .bind(spec)
    .bind(unit)
    .bind(customer_supplied)
    .bind(fee_kind)
    .bind(to_i32(count))
    .bind(unit_fen)
    .bind(line.amount().0)
    .bind(approval.as_str())
    .bind(approval_id)
    .bind(staff.0)
    .bind(at)
    .fetch_one(conn)
    .await?;
    Ok(LineId(id))
}
