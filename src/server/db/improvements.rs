//! Improvement actions (`domain::improvement`): opened, listed per outlet, and moved through
//! Plan, Do, Check and Act with compare-and-set on `version`, each step audited in its
//! transaction. Written once over both databases like `store.rs`.

use super::store::{id_list, Backend, Store};
use super::*;
use crate::domain::improvement::{Decision, Stage};
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Type};

/// A new action, planned.
#[derive(Debug, Clone)]
pub struct NewAction {
    pub outlet: OutletId,
    pub kpi: Option<String>,
    pub period: String,
    pub problem: String,
    pub cause: String,
    pub plan: String,
    pub owner: StaffId,
    pub due_on: NaiveDate,
    pub opened_by: StaffId,
    pub at: DateTime<Utc>,
}

/// A step on an action seen at `seen_version` in `from`.
#[derive(Debug, Clone)]
pub struct ActionChange {
    pub id: i64,
    pub seen_version: i32,
    pub from: Stage,
    pub to: Stage,
    pub at: DateTime<Utc>,
    pub change: ActionChangeKind,
}

#[derive(Debug, Clone)]
pub enum ActionChangeKind {
    Replan {
        cause: String,
        plan: String,
        owner: StaffId,
        due_on: NaiveDate,
    },
    Done(String),
    Decided(Decision),
}

/// A stored action with its people's names.
#[derive(Debug, Clone, FromRow)]
pub struct ActionRecord {
    pub id: i64,
    pub outlet_id: i64,
    pub kpi: Option<String>,
    pub period: String,
    pub stage: String,
    pub version: i32,
    pub round: i32,
    pub problem: String,
    pub cause: String,
    pub plan: String,
    pub owner_staff_id: i64,
    pub owner_name: String,
    pub due_on: NaiveDate,
    pub done: String,
    pub done_at: Option<DateTime<Utc>>,
    pub decision: Option<String>,
    pub opened_by_name: String,
    pub created_at: DateTime<Utc>,
}

const ACTION_SELECT: &str = "SELECT a.id, a.outlet_id, a.kpi, a.period, a.stage, a.version, \
    a.round, a.problem, a.cause, a.plan, a.owner_staff_id, o.display_name AS owner_name, \
    a.due_on, a.done, a.done_at, a.decision, b.display_name AS opened_by_name, a.created_at \
    FROM improvement_actions a JOIN staff o ON o.id = a.owner_staff_id \
    JOIN staff b ON b.id = a.opened_by_staff_id";

#[async_trait::async_trait]
impl<DB> Improvements for Store<DB>
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
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<bool>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<i32>: Decode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Vec<u8>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
{
    async fn open_action(&self, new: &NewAction, audit: &AuditEntry) -> DbResult<i64> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO improvement_actions (outlet_id, kpi, period, stage, problem, cause, plan, \
             owner_staff_id, due_on, opened_by_staff_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
        )
        .bind(new.outlet.0)
        .bind(new.kpi.as_deref())
        .bind(new.period.as_str())
        .bind(Stage::Do.as_str())
        .bind(new.problem.as_str())
        .bind(new.cause.as_str())
        .bind(new.plan.as_str())
        .bind(new.owner.0)
        .bind(new.due_on)
        .bind(new.opened_by.0)
        .bind(new.at)
        .fetch_one(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn actions(&self, outlets: &[OutletId]) -> DbResult<Vec<ActionRecord>> {
        Ok(sqlx::query_as(&format!(
            "{ACTION_SELECT} WHERE a.outlet_id IN ({}) \
             ORDER BY CASE WHEN a.stage = 'closed' THEN 1 ELSE 0 END, a.due_on, a.id",
            id_list(outlets)
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    async fn action_by_id(&self, id: i64) -> DbResult<Option<ActionRecord>> {
        Ok(sqlx::query_as(&format!("{ACTION_SELECT} WHERE a.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn action_step(&self, step: &ActionChange, audit: &AuditEntry) -> DbResult<Stepped> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let guard = "WHERE id = $1 AND version = $2 AND stage = $3 RETURNING id";
        let head =
            "UPDATE improvement_actions SET version = version + 1, stage = $4, updated_at = $5";
        let query = match &step.change {
            ActionChangeKind::Replan { .. } => format!(
                "{head}, round = round + 1, cause = $6, plan = $7, owner_staff_id = $8, \
                 due_on = $9, done = '', done_at = NULL, decision = NULL, decided_at = NULL {guard}"
            ),
            ActionChangeKind::Done(_) => format!("{head}, done = $6, done_at = $5 {guard}"),
            ActionChangeKind::Decided(_) => {
                format!("{head}, decision = $6, decided_at = $5 {guard}")
            }
        };
        let q = sqlx::query_as::<_, (i64,)>(&query)
            .bind(step.id)
            .bind(step.seen_version)
            .bind(step.from.as_str())
            .bind(step.to.as_str())
            .bind(step.at);
        let q = match &step.change {
            ActionChangeKind::Replan {
                cause,
                plan,
                owner,
                due_on,
            } => q
                .bind(cause.clone())
                .bind(plan.clone())
                .bind(owner.0)
                .bind(*due_on),
            ActionChangeKind::Done(done) => q.bind(done.clone()),
            ActionChangeKind::Decided(decision) => q.bind(decision.as_str()),
        };
        if q.fetch_optional(&mut *tx).await?.is_none() {
            return Ok(Stepped::ChangedMeanwhile);
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Stepped::Done)
    }
}
