//! Generates the `i18n` module of the browser app from `locales/*.json` (leptos_i18n).
//! zh-CN is the default locale; en is the switch.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    // The portal's pages are split into modules after linking (tools/split-wasm), which reads
    // the linker's relocations.
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg-bin=portal=--emit-relocs");
    }
    #[cfg(feature = "csr")]
    translations()?;
    Ok(())
}

#[cfg(feature = "csr")]
fn translations() -> Result<(), Box<dyn std::error::Error>> {
    use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?)
        .join("i18n");
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("zh-CN")?
        .add_locale("en")?
        .parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
