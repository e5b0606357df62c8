//! Upgrading a database that is in use: migration 0003 rebuilds SQLite's estimate-line and
//! approval tables (to widen their CHECK constraints); decided lines, their approvals and the
//! rule that decided lines never change must all survive. (PostgreSQL alters in place.)

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::path::Path;
use std::str::FromStr;

const SEED: &str = "
INSERT INTO dealer_groups (id, name) VALUES (1, 'g');
INSERT INTO outlets (id, group_id, code, name_zh, name_en, address_zh, address_en, phone)
    VALUES (1, 1, 'X', '店', 'Shop', '路', 'Road', '021');
INSERT INTO staff (id, outlet_id, username, display_name, role, password_hash, created_at)
    VALUES (1, 1, 'advisor', '刘婷', 'service_advisor', 'x', '2026-11-01T00:00:00Z');
INSERT INTO customers (id, phone, name, created_at) VALUES (1, '13800138000', '王先生', '2026-11-01T00:00:00Z');
INSERT INTO cars (id, customer_id, plate, model, mileage_km, created_at)
    VALUES (1, 1, '沪AD12345', '比亚迪 汉 EV', 23500, '2026-11-01T00:00:00Z');
INSERT INTO work_orders (id, number, outlet_id, customer_id, car_id, status, version, urgent, skills,
    customer_type, repair_category, odometer_in_km, fuel_percent, customer_words, expectations,
    walk_around, promised_at, old_parts, tracking_token, opened_by_staff_id, created_at, updated_at)
    VALUES (1, 'WO261101-AAAAA', 1, 1, 1, 'in_repair', 3, FALSE, '', 'returning', 'minor', 23500, 50,
    '异响', '', '', '2026-11-01T08:00:00Z', 'returned', 'token', 1, '2026-11-01T00:00:00Z',
    '2026-11-01T00:00:00Z');
INSERT INTO approvals (id, work_order_id, customer_id, at, method, signer_name, signature_png)
    VALUES (7, 1, 1, '2026-11-01T02:00:00Z', 'portal_signature', '王先生', 'data:image/png;base64,AAAA');
INSERT INTO work_order_lines (id, work_order_id, kind, item, reason, part_code, origin,
    count_hundredths, unit_fen, amount_fen, approval, approval_id, added_by_staff_id, added_at)
    VALUES (5, 1, 'part', '刹车片', '磨损', 'BP', 'original', 100, 48000, 48000, 'approved', 7, 1,
    '2026-11-01T01:00:00Z');
";

#[tokio::test]
async fn upgrading_a_sqlite_database_keeps_decided_lines_their_approvals_and_their_protection() {
    // Arrange: a database at migration 0002 with a decided line and its approval.
    let dir = std::env::temp_dir().join(format!("aftersales-migrate-{}", uuid::Uuid::new_v4()));
    let old = dir.join("migrations");
    std::fs::create_dir_all(&old).unwrap();
    for file in ["0001_foundation.sql", "0002_work_orders.sql"] {
        std::fs::copy(Path::new("migrations/sqlite").join(file), old.join(file)).unwrap();
    }
    let url = format!("sqlite://{}", dir.join("db").display());
    let options = SqliteConnectOptions::from_str(&url)
        .unwrap()
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    Migrator::new(old.as_path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();

    pool.close().await;

    // Act: the server brings it up to date as it starts.
    aftersales::server::db::connect(&url, 1)
        .await
        .expect("the migrations apply to a database in use");
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::from_str(&url)
                .unwrap()
                .foreign_keys(true),
        )
        .await
        .unwrap();

    // Assert: the line and its approval are there, still linked; new kinds and methods are
    // accepted; decided lines still cannot change; foreign keys still hold.
    let (item, approval_id, unit): (String, i64, String) =
        sqlx::query_as("SELECT item, approval_id, unit FROM work_order_lines WHERE id = 5")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        (item.as_str(), approval_id, unit.as_str()),
        ("刹车片", 7, "")
    );
    let (method, note): (String, String) =
        sqlx::query_as("SELECT method, note FROM approvals WHERE id = 7")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((method.as_str(), note.as_str()), ("portal_signature", ""));
    sqlx::query(
        "INSERT INTO approvals (work_order_id, customer_id, at, method, signer_name, signature_png, \
         recorded_by_staff_id, note) VALUES (1, 1, '2026-11-02T00:00:00Z', 'phone', '王先生', '', 1, '来电同意')",
    )
    .execute(&pool)
    .await
    .expect("a phone decision is accepted");
    let edit = sqlx::query("UPDATE work_order_lines SET amount_fen = 1 WHERE id = 5")
        .execute(&pool)
        .await;
    assert!(edit.is_err(), "decided lines still cannot change");
    let orphan = sqlx::query(
        "INSERT INTO work_order_lines (work_order_id, kind, item, reason, part_code, count_hundredths, \
         unit_fen, amount_fen, approval, approval_id, added_by_staff_id, added_at) \
         VALUES (1, 'fee', '检测', '', '', 100, 100, 100, 'approved', 999, 1, '2026-11-02T00:00:00Z')",
    )
    .execute(&pool)
    .await;
    assert!(
        orphan.is_err(),
        "a line cannot point at an approval that does not exist"
    );
    let (problems,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM pragma_foreign_key_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(problems, 0);
    pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
