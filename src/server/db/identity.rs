//! The accounts half of the repository: customers and staff as they sign in, the throttle's
//! attempt counts, and the one-time codes that prove a phone number. Written once over both
//! databases like `store.rs`.

use super::organisation::{staff_select, StaffRow};
use super::store::{corrupt, Backend, Store};
use super::*;
use crate::domain::phone_proof::CodePurpose;
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Type};

#[derive(FromRow)]
struct CustomerRow {
    id: i64,
    phone: String,
    name: String,
    password_hash: Option<String>,
}

impl TryFrom<CustomerRow> for CustomerRecord {
    type Error = DbError;
    fn try_from(r: CustomerRow) -> Result<Self, Self::Error> {
        Ok(CustomerRecord {
            id: CustomerId(r.id),
            phone: Phone::stored(&r.phone).map_err(|_| corrupt("stored phone"))?,
            name: r.name,
            password_hash: r.password_hash,
        })
    }
}

#[derive(FromRow)]
struct PhoneCodeRow {
    id: i64,
    code_hash: String,
    sent_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    tries: i32,
    used_at: Option<DateTime<Utc>>,
}

impl From<PhoneCodeRow> for PhoneCodeRecord {
    fn from(r: PhoneCodeRow) -> Self {
        PhoneCodeRecord {
            id: r.id,
            code_hash: r.code_hash,
            sent_at: r.sent_at,
            expires_at: r.expires_at,
            tries: r.tries.max(0) as u32,
            used_at: r.used_at,
        }
    }
}

#[async_trait::async_trait]
impl<DB> Identity for Store<DB>
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
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
{
    async fn customer_by_phone(&self, phone: &Phone) -> DbResult<Option<CustomerRecord>> {
        let row: Option<CustomerRow> =
            sqlx::query_as("SELECT id, phone, name, password_hash FROM customers WHERE phone = $1")
                .bind(phone.as_str())
                .fetch_optional(&self.pool)
                .await?;
        row.map(CustomerRecord::try_from).transpose()
    }

    async fn customer_by_id(&self, id: CustomerId) -> DbResult<Option<CustomerRecord>> {
        let row: Option<CustomerRow> =
            sqlx::query_as("SELECT id, phone, name, password_hash FROM customers WHERE id = $1")
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await?;
        row.map(CustomerRecord::try_from).transpose()
    }

    async fn create_customer(
        &self,
        new: &NewCustomer,
        audit: &AuditEntry,
    ) -> DbResult<Created<CustomerId>> {
        let mut tx = self.pool.begin().await?;
        let id: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO customers (phone, name, password_hash, created_by_staff_id, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (phone) DO NOTHING RETURNING id",
        )
        .bind(new.phone.as_str())
        .bind(new.name.as_str())
        .bind(new.password_hash.as_deref())
        .bind(new.created_by.map(|s| s.0))
        .bind(new.at)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id,)) = id else {
            return Ok(Created::AlreadyExists);
        };
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(Created::Created(CustomerId(id)))
    }

    async fn claim_customer(
        &self,
        id: CustomerId,
        password_hash: &str,
        audit: &AuditEntry,
    ) -> DbResult<Claimed> {
        let mut tx = self.pool.begin().await?;
        let updated: Option<(i64,)> =
            sqlx::query_as("UPDATE customers SET password_hash = $1 WHERE id = $2 AND password_hash IS NULL RETURNING id")
                .bind(password_hash)
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await?;
        if updated.is_none() {
            return Ok(Claimed::AlreadyHasAccount);
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Claimed::Done)
    }

    async fn erase_customer(
        &self,
        customer: &CustomerRecord,
        placeholder: &Phone,
        audit: &AuditEntry,
    ) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        sqlx::query(
            "UPDATE customers SET phone = $1, name = $2, password_hash = NULL WHERE id = $3",
        )
        .bind(placeholder.as_str())
        .bind("—")
        .bind(customer.id.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM phone_codes WHERE phone = $1")
            .bind(customer.phone.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE account_key = $1")
            .bind(format!("customer:{}", customer.phone.as_str()))
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM notifications WHERE customer_id = $1 AND sent_at IS NULL")
            .bind(customer.id.0)
            .execute(&mut *tx)
            .await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn reset_customer_password(
        &self,
        id: CustomerId,
        password_hash: &str,
        audit: &AuditEntry,
    ) -> DbResult<PasswordReset> {
        let mut tx = self.pool.begin().await?;
        let updated: Option<(i64,)> = sqlx::query_as(
            "UPDATE customers SET password_hash = $1 WHERE id = $2 AND password_hash IS NOT NULL RETURNING id",
        )
        .bind(password_hash)
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
        if updated.is_none() {
            return Ok(PasswordReset::NoPortalAccount);
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(PasswordReset::Done)
    }

    async fn staff_by_username(&self, username: &Username) -> DbResult<Option<StaffRecord>> {
        let row: Option<StaffRow> =
            sqlx::query_as(&format!("{} WHERE s.username = $1", staff_select()))
                .bind(username.as_str())
                .fetch_optional(&self.pool)
                .await?;
        row.map(StaffRecord::try_from).transpose()
    }

    async fn staff_by_id(&self, id: StaffId) -> DbResult<Option<StaffRecord>> {
        let row: Option<StaffRow> = sqlx::query_as(&format!("{} WHERE s.id = $1", staff_select()))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(StaffRecord::try_from).transpose()
    }

    async fn record_sign_in_attempt(
        &self,
        account_key: &str,
        at: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> DbResult<(i64, u32)> {
        sqlx::query("DELETE FROM sign_in_failures WHERE failed_at <= $1")
            .bind(since)
            .execute(&self.pool)
            .await?;
        // Insert first, then count: of N simultaneous attempts, the k-th to insert counts at
        // least k, so no more than the limit can ever reach the password check.
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO sign_in_failures (account_key, failed_at) VALUES ($1, $2) RETURNING id",
        )
        .bind(account_key)
        .bind(at)
        .fetch_one(&self.pool)
        .await?;
        let (count,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM sign_in_failures WHERE account_key = $1 AND failed_at > $2",
        )
        .bind(account_key)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((id, count as u32))
    }

    async fn forget_sign_in_attempt(&self, id: i64) -> DbResult<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn sign_in_failures_since(
        &self,
        account_key: &str,
        since: DateTime<Utc>,
    ) -> DbResult<Vec<DateTime<Utc>>> {
        let times: Vec<(DateTime<Utc>,)> = sqlx::query_as(
            "SELECT failed_at FROM sign_in_failures WHERE account_key = $1 AND failed_at > $2 ORDER BY failed_at DESC",
        )
        .bind(account_key)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        Ok(times.into_iter().map(|(t,)| t).collect())
    }

    async fn clear_sign_in_failures(&self, account_key: &str) -> DbResult<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE account_key = $1")
            .bind(account_key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn store_phone_code(&self, new: &NewPhoneCode) -> DbResult<i64> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO phone_codes (phone, purpose, code_hash, sent_at, expires_at, tries) \
             VALUES ($1, $2, $3, $4, $5, 0) RETURNING id",
        )
        .bind(new.phone.as_str())
        .bind(new.purpose.as_str())
        .bind(new.code_hash.as_str())
        .bind(new.sent_at)
        .bind(new.expires_at)
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    async fn latest_phone_code(
        &self,
        phone: &Phone,
        purpose: CodePurpose,
    ) -> DbResult<Option<PhoneCodeRecord>> {
        let row: Option<PhoneCodeRow> = sqlx::query_as(
            "SELECT id, code_hash, sent_at, expires_at, tries, used_at FROM phone_codes \
             WHERE phone = $1 AND purpose = $2 ORDER BY sent_at DESC, id DESC LIMIT 1",
        )
        .bind(phone.as_str())
        .bind(purpose.as_str())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(PhoneCodeRecord::from))
    }

    async fn take_phone_code_try(
        &self,
        id: i64,
        max: u32,
        now: DateTime<Utc>,
    ) -> DbResult<Option<u32>> {
        let tries: Option<(i32,)> = sqlx::query_as(
            "UPDATE phone_codes SET tries = tries + 1 \
             WHERE id = $1 AND used_at IS NULL AND tries < $2 AND expires_at > $3 RETURNING tries",
        )
        .bind(id)
        .bind(max as i32)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(tries.map(|(t,)| t.max(0) as u32))
    }

    async fn forget_phone_code(&self, id: i64) -> DbResult<()> {
        sqlx::query("DELETE FROM phone_codes WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn use_phone_code(&self, id: i64, at: DateTime<Utc>) -> DbResult<Once> {
        let used: Option<(i64,)> = sqlx::query_as(
            "UPDATE phone_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND expires_at > $1 RETURNING id",
        )
        .bind(at)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match used {
            Some(_) => Once::Done,
            None => Once::AlreadyDone,
        })
    }
}
