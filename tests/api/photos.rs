//! Photos of a work order: kept when they are pictures of a sensible size, shown to the owner
//! and the outlet's staff, and to nobody else (the tracking link's bystander view has none).

use crate::helpers::TestApp;
use crate::repair_kit::*;
use aftersales::api::work_orders::*;
use aftersales::domain::ids::PhotoId;
use aftersales::domain::photo::{PhotoUpload, MAX_BYTES, MAX_PER_ORDER};
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::{AppError, Field, Problem};
use base64::Engine;

/// A real 1×1 PNG.
const PNG_BASE64: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

fn upload(caption: &str, data_base64: String) -> PhotoUpload {
    PhotoUpload {
        caption: caption.into(),
        line: None,
        data_base64,
    }
}

async fn add_photo(
    app: &TestApp,
    client: &reqwest::Client,
    number: &str,
    photo: PhotoUpload,
) -> Result<PhotoId, AppError> {
    app.call(
        client,
        AddWorkOrderPhoto {
            number: number.into(),
            photo,
        },
    )
    .await
}

async fn get(client: &reqwest::Client, url: String) -> (u16, String, Vec<u8>) {
    let response = client.get(url).send().await.expect("GET a photo");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    (
        status,
        content_type,
        response.bytes().await.unwrap().to_vec(),
    )
}

async fn a_walk_around_photo_is_seen_by_the_owner_the_staff_and_the_link_and_nobody_else(
    app: TestApp,
) {
    // Arrange: a walk-in with a scratched door, and a stranger with an order of their own.
    let shop = Shop::new(&app).await;
    let owner = app.customer().await;
    let stranger = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let number = shop
        .check_in(&app, walk_in(&owner, RepairCategory::Minor, now))
        .await;

    // Act: the advisor photographs the scratch.
    let id = add_photo(
        &app,
        &shop.advisor.client,
        &number,
        upload("左前门划痕", PNG_BASE64.into()),
    )
    .await
    .expect("a PNG is kept");

    // Assert: the order lists it; its bytes come back to those who may see them.
    let seen = customer_view(&app, &owner, &number).await.unwrap();
    assert_eq!(seen.photos.len(), 1);
    assert_eq!(seen.photos[0].caption, "左前门划痕");
    let url = format!("{}{}", app.address, seen.photos[0].url(&number));
    let png = base64::engine::general_purpose::STANDARD
        .decode(PNG_BASE64)
        .unwrap();
    assert_eq!(
        get(&owner.client, url.clone()).await,
        (200, "image/png".into(), png.clone())
    );
    assert_eq!(
        get(&shop.tech.client, url.clone()).await.0,
        200,
        "staff of the outlet"
    );
    assert_eq!(
        get(&stranger.client, url.clone()).await.0,
        404,
        "another customer"
    );
    assert_eq!(get(&app.visitor(), url).await.0, 401, "nobody signed in");
    let minhang = app.staff("advisor2").await;
    let from_minhang = format!("{}/photos/orders/{number}/{}", app.address, id.0);
    assert_eq!(
        get(&minhang.client, from_minhang).await.0,
        404,
        "another outlet"
    );

    // The tracking link is a bystander's view: it shows no photos and opens none.
    let token = shop.staff_view(&app, &number).await.tracking_token.unwrap();
    let tracked = app
        .call(
            &app.visitor(),
            aftersales::api::work_orders::TrackedWorkOrder {
                token: token.clone(),
            },
        )
        .await
        .unwrap();
    assert!(tracked.photos.is_empty());
    let by_link = format!("{}/photos/track/{token}/{}", app.address, id.0);
    assert_ne!(get(&app.visitor(), by_link).await.2, png);
}

async fn a_file_that_is_not_a_picture_or_is_too_large_is_refused_next_to_the_photo(app: TestApp) {
    let shop = Shop::new(&app).await;
    let owner = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let number = shop
        .check_in(&app, walk_in(&owner, RepairCategory::Minor, now))
        .await;
    let encode = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);

    let pdf = add_photo(
        &app,
        &shop.advisor.client,
        &number,
        upload("", encode(b"%PDF-1.7 not a picture")),
    )
    .await;
    assert_eq!(
        pdf,
        Err(AppError::invalid(Field::Photo, Problem::PhotoType))
    );

    let mut huge = vec![0xFF, 0xD8, 0xFF, 0xE0];
    huge.resize(MAX_BYTES + 1, 7);
    let too_large = add_photo(
        &app,
        &shop.advisor.client,
        &number,
        upload("", encode(&huge)),
    )
    .await;
    assert_eq!(
        too_large,
        Err(AppError::invalid(
            Field::Photo,
            Problem::PhotoTooLarge { max_kb: 2048 }
        ))
    );

    let garbage = add_photo(
        &app,
        &shop.advisor.client,
        &number,
        upload("", "not base64 at all!".into()),
    )
    .await;
    assert_eq!(
        garbage,
        Err(AppError::invalid(Field::Photo, Problem::PhotoType))
    );

    let not_his_job = add_photo(
        &app,
        &shop.tech.client,
        &number,
        upload("", PNG_BASE64.into()),
    )
    .await;
    assert_eq!(
        not_his_job,
        Err(AppError::Forbidden),
        "a technician adds photos only to his own jobs"
    );
    let by_customer = add_photo(&app, &owner.client, &number, upload("", PNG_BASE64.into())).await;
    assert_eq!(
        by_customer,
        Err(AppError::Forbidden),
        "customers do not add photos"
    );

    let view = shop.staff_view(&app, &number).await;
    assert!(view.photos.is_empty(), "nothing refused was kept");
}

async fn an_order_keeps_thirty_photos_and_a_photo_names_only_its_own_orders_lines(app: TestApp) {
    let shop = Shop::new(&app).await;
    let owner = app.customer().await;
    let other = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let number = shop
        .check_in(&app, walk_in(&owner, RepairCategory::Minor, now))
        .await;
    let others = shop
        .check_in(&app, walk_in(&other, RepairCategory::Minor, now))
        .await;
    let their_line = app
        .call(
            &shop.advisor.client,
            AddEstimateLine {
                number: others.clone(),
                line: part_line("机油滤清器", "68"),
            },
        )
        .await
        .unwrap();

    let foreign_line = add_photo(
        &app,
        &shop.advisor.client,
        &number,
        PhotoUpload {
            line: Some(their_line),
            ..upload("", PNG_BASE64.into())
        },
    )
    .await;
    assert_eq!(
        foreign_line,
        Err(AppError::invalid(Field::Photo, Problem::UnknownChoice))
    );

    for n in 0..MAX_PER_ORDER {
        add_photo(
            &app,
            &shop.advisor.client,
            &number,
            upload(&format!("{n}"), PNG_BASE64.into()),
        )
        .await
        .unwrap_or_else(|e| panic!("photo {n}: {e:?}"));
    }
    let one_more = add_photo(
        &app,
        &shop.advisor.client,
        &number,
        upload("", PNG_BASE64.into()),
    )
    .await;
    assert_eq!(
        one_more,
        Err(AppError::invalid(
            Field::Photo,
            Problem::TooManyPhotos { max: 30 }
        ))
    );
    assert_eq!(shop.staff_view(&app, &number).await.photos.len(), 30);
}

on_both_databases!(
    an_order_keeps_thirty_photos_and_a_photo_names_only_its_own_orders_lines,
    a_walk_around_photo_is_seen_by_the_owner_the_staff_and_the_link_and_nobody_else,
    a_file_that_is_not_a_picture_or_is_too_large_is_refused_next_to_the_photo,
);
