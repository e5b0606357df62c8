//! Records that can be trusted (guideline 5.4): every audit line is sealed into a chain that
//! shows where someone altered or deleted a stored line, failed sign-ins are audited without
//! the full number, and a backup restores into a fresh database with every record.

use crate::helpers::{execute_sql, row_counts, Backend, TestApp};
use aftersales::api::auth::SignIn;
use aftersales::domain::AppError;
use aftersales::server::audit::{self, ChainBreak, ChainReport, SealedLine};
use aftersales::server::db::{self, Actor, AuditEntry};
use std::path::PathBuf;

async fn check(app: &TestApp) -> ChainReport {
    audit::verify(app.state.repo(), None)
        .await
        .expect("the audit log reads")
}

async fn all_lines(app: &TestApp) -> Vec<SealedLine> {
    app.state
        .repo()
        .sealed_audit_lines(0, i64::MAX, 100_000)
        .await
        .expect("the audit log reads")
}

async fn every_change_is_sealed_and_a_line_altered_in_the_database_breaks_the_chain_there(
    app: TestApp,
) {
    // Arrange: a customer registers, books, and someone types a wrong password for them.
    let customer = app.customer().await;
    let booking = app.booking(&customer).booked().await;
    let wrong = app
        .call(
            &app.visitor(),
            SignIn {
                phone: customer.phone.clone(),
                password: "not the password".into(),
            },
        )
        .await;
    assert_eq!(wrong, Err(AppError::BadCredentials));

    // Act
    let intact = check(&app).await;
    let lines = all_lines(&app).await;

    // Assert: every line is in the chain, the failed attempt too, with the number masked.
    assert_eq!(intact.first_break, None, "{intact:?}");
    assert_eq!(intact.lines as i64, intact.head_seq);
    assert_eq!(lines.len() as i64, intact.head_seq);
    let masked = format!(
        "customer:{}****{}",
        &customer.phone[..3],
        &customer.phone[7..]
    );
    assert!(
        lines
            .iter()
            .any(|l| l.action == "session.sign_in_failed" && l.entity_key == masked),
        "the failed sign-in is audited as {masked}"
    );
    assert!(
        lines
            .iter()
            .all(|l| !l.entity_key.contains(&customer.phone) && !l.detail.contains(&customer.phone)),
        "no audit line holds the full mobile number"
    );
    let booked = lines
        .iter()
        .find(|l| {
            l.entity_key == booking.number.as_str() || l.detail.contains(booking.number.as_str())
        })
        .expect("the booking's audit line");

    // Act: someone edits the booking's line directly in the database.
    app.execute_sql(&format!(
        r#"UPDATE audit_log SET detail = '{{"forged":true}}' WHERE seq = {}"#,
        booked.seq
    ))
    .await;
    let broken = check(&app).await;

    // Assert: the check stops exactly there.
    assert_eq!(
        broken.first_break,
        Some(ChainBreak::Altered {
            seq: booked.seq,
            id: booked.id
        })
    );
    assert_eq!(broken.lines as i64, booked.seq - 1);
}

async fn a_deleted_line_is_missing_and_deleted_last_lines_leave_the_head_past_the_end(
    app: TestApp,
) {
    // Arrange
    let customer = app.customer().await;
    app.booking(&customer).booked().await;
    let head = check(&app).await.head_seq;
    assert!(head >= 4, "the demo and the story wrote lines: {head}");

    // Act: the last line goes first, then one in the middle.
    app.execute_sql(&format!("DELETE FROM audit_log WHERE seq = {head}"))
        .await;
    let truncated = check(&app).await;
    app.execute_sql("DELETE FROM audit_log WHERE seq = 2").await;
    let gap = check(&app).await;

    // Assert
    assert_eq!(
        truncated.first_break,
        Some(ChainBreak::Truncated {
            head_seq: head,
            last_seq: head - 1
        })
    );
    assert_eq!(
        gap.first_break,
        Some(ChainBreak::Missing { from: 2, to: 2 })
    );
    assert_eq!(gap.lines, 1);
}

async fn audit_lines_written_at_once_never_fork_the_chain(app: TestApp) {
    // Arrange
    let before = check(&app).await.head_seq;

    // Act: forty changes recorded at the same moment, from as many tasks.
    let writers: Vec<_> = (0..40)
        .map(|n| {
            let repo = app.state.db.repo.clone();
            tokio::spawn(async move {
                let line = AuditEntry::new(
                    crate::helpers::now(),
                    Actor::System,
                    "test.concurrent",
                    "test",
                    n.to_string(),
                );
                repo.record_audit(&line).await
            })
        })
        .collect();
    for writer in writers {
        writer
            .await
            .expect("the task ends")
            .expect("the line is written");
    }
    let after = check(&app).await;

    // Assert
    assert_eq!(after.first_break, None, "{after:?}");
    assert_eq!(after.head_seq, before + 40);
}

async fn a_line_written_around_the_application_has_no_seal_until_the_server_seals_it(app: TestApp) {
    // Arrange: a line inserted by hand, as lines were before the chain existed.
    app.execute_sql(
        "INSERT INTO audit_log (at, actor_kind, action, entity, entity_key, detail) \
         VALUES ('2026-11-30T01:00:00Z', 'system', 'test.by_hand', 'test', 'x', '{}')",
    )
    .await;

    // Act
    let unsealed = check(&app).await;
    let sealed = app
        .state
        .repo()
        .seal_unsealed_audit_lines()
        .await
        .expect("sealing works");
    let after = check(&app).await;

    // Assert
    assert!(
        matches!(unsealed.first_break, Some(ChainBreak::Unsealed { .. })),
        "{unsealed:?}"
    );
    assert_eq!(sealed, 1);
    assert_eq!(after.first_break, None);
    assert_eq!(after.head_seq, unsealed.head_seq + 1);
}

async fn an_anchor_kept_from_an_earlier_check_catches_a_chain_rewritten_after_it(app: TestApp) {
    // Arrange: the head an earlier check printed, kept elsewhere.
    let earlier = check(&app).await;
    let anchor: audit::Anchor = format!("{}:{}", earlier.head_seq, earlier.head_hash)
        .parse()
        .expect("the printed head is an anchor");
    app.customer().await;

    // Act: the anchored line is edited and every seal from it on rewritten — what a check
    // without the anchor cannot see.
    let lines = all_lines(&app).await;
    let mut prev = lines[anchor.seq as usize - 2].hash.clone();
    for line in &lines[anchor.seq as usize - 1..] {
        let mut forged = line.clone();
        if forged.seq == anchor.seq {
            forged.detail = r#"{"forged":true}"#.into();
        }
        let hash = audit::seal(
            &audit::LineContent {
                seq: forged.seq,
                at: forged.at,
                actor_kind: &forged.actor_kind,
                actor_id: forged.actor_id,
                action: &forged.action,
                entity: &forged.entity,
                entity_key: &forged.entity_key,
                detail: &forged.detail,
            },
            &prev,
        );
        app.execute_sql(&format!(
            "UPDATE audit_log SET detail = '{}', prev_hash = '{prev}', hash = '{hash}' WHERE id = {}",
            forged.detail, forged.id
        ))
        .await;
        prev = hash;
    }
    app.execute_sql(&format!("UPDATE audit_chain_head SET hash = '{prev}'"))
        .await;
    let without = check(&app).await;
    let with = audit::verify(app.state.repo(), Some(anchor.clone()))
        .await
        .expect("the audit log reads");

    // Assert
    assert_eq!(without.first_break, None, "a full rewrite passes alone");
    assert_eq!(
        with.first_break,
        Some(ChainBreak::AnchorMismatch { seq: anchor.seq })
    );
}

on_both_databases!(
    every_change_is_sealed_and_a_line_altered_in_the_database_breaks_the_chain_there,
    a_deleted_line_is_missing_and_deleted_last_lines_leave_the_head_past_the_end,
    audit_lines_written_at_once_never_fork_the_chain,
    a_line_written_around_the_application_has_no_seal_until_the_server_seals_it,
    an_anchor_kept_from_an_earlier_check_catches_a_chain_rewritten_after_it,
);

/// The rows of every table once the worker has no marked day left to recount (so the tables
/// hold still between the count and the copy).
async fn settled_row_counts(app: &TestApp) -> std::collections::BTreeMap<String, i64> {
    aftersales::server::services::kpi_days::refresh_all(&app.state)
        .await
        .expect("recounted");
    row_counts(app.database_url()).await
}

fn scratch_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aftersales-backup-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir.join(name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_backup_taken_while_serving_restores_into_a_fresh_database_with_every_record() {
    // Arrange: a serving app with a customer and a booking.
    let app = TestApp::try_spawn(Backend::Sqlite).await.expect("SQLite");
    let customer = app.customer().await;
    app.booking(&customer).booked().await;
    let file = scratch_file("backup.db");
    let restored_url = format!("sqlite://{}", file.with_file_name("restored.db").display());

    // Act
    let counts = settled_row_counts(&app).await;
    db::backup(app.database_url(), &file)
        .await
        .expect("backs up while serving");
    let again = db::backup(app.database_url(), &file).await;
    let restored = db::restore(&file, &restored_url).await.expect("restores");
    let over_existing = db::restore(&file, &restored_url).await;
    let chain = audit::verify(&*restored.repo, None).await.expect("reads");

    // Assert
    assert!(counts["bookings"] >= 1 && counts["customers"] >= 1 && counts["audit_log"] >= 1);
    assert_eq!(
        row_counts(&restored_url).await,
        counts,
        "every record, in every table"
    );
    assert_eq!(chain.first_break, None);
    assert_eq!(chain.head_seq, counts["audit_log"]);
    assert!(again.is_err(), "a backup never overwrites a file");
    assert!(
        over_existing.is_err(),
        "a restore never overwrites a database"
    );
    let _ = std::fs::remove_dir_all(file.parent().expect("the scratch directory"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pg_dump_restores_into_a_fresh_database_that_this_versions_migrations_accept() {
    // Arrange
    let Some(app) = TestApp::try_spawn(Backend::Postgres).await else {
        return;
    };
    let customer = app.customer().await;
    app.booking(&customer).booked().await;
    let file = scratch_file("backup.dump");
    let admin = std::env::var("TEST_POSTGRES_URL").expect("set when the app spawned");
    let name = format!("aftersales_restored_{}", uuid::Uuid::new_v4().simple());
    let restored_url = {
        let (base, query) = app
            .database_url()
            .split_once('?')
            .unwrap_or((app.database_url(), ""));
        let root = &base[..base.rfind('/').expect("a database path")];
        match query.is_empty() {
            true => format!("{root}/{name}"),
            false => format!("{root}/{name}?{query}"),
        }
    };

    // Act: the README's commands.
    let counts = settled_row_counts(&app).await;
    let dumped = std::process::Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(&file)
        .arg(app.database_url())
        .status()
        .expect("pg_dump runs");
    execute_sql(&admin, &format!(r#"CREATE DATABASE "{name}""#)).await;
    let restored = std::process::Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname", &restored_url])
        .arg(&file)
        .status()
        .expect("pg_restore runs");
    let opened = db::connect(&restored_url, 2).await;
    let restored_counts = row_counts(&restored_url).await;
    let chain = match &opened {
        Ok(database) => Some(audit::verify(&*database.repo, None).await.expect("reads")),
        Err(_) => None,
    };
    if let Ok(database) = opened {
        database
            .repo
            .record_audit(&AuditEntry::new(
                crate::helpers::now(),
                Actor::System,
                "test.after_restore",
                "test",
                "x",
            ))
            .await
            .expect("the restored database takes new lines");
        drop(database);
    }
    execute_sql(
        &admin,
        &format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#),
    )
    .await;
    let _ = std::fs::remove_dir_all(file.parent().expect("the scratch directory"));

    // Assert
    assert!(dumped.success() && restored.success());
    assert_eq!(restored_counts, counts, "every record, in every table");
    let chain = chain.expect("the migrations accept the restored schema");
    assert_eq!(chain.first_break, None);
    assert_eq!(chain.head_seq, counts["audit_log"]);
}
