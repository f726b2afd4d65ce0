//! `planpress build` and `planpress check` as one call each: the pipeline run once, and for
//! a build, every page written to a staging folder swapped in at the end.

use std::time::Instant;

use super::{Build, BuildOptions, Pipeline};
use crate::diagnostic::Diagnostic;
use crate::error::BuildFailure;
use crate::output::{OutputTarget, Replace, StagedSite};

/// `planpress build`: the whole pipeline, then the new site swapped in for the old, which
/// must be planpress's own output or an empty folder.
pub fn build_site(options: &BuildOptions) -> Result<Build, BuildFailure> {
    build_site_replacing(options, Replace::OwnOutput)
}

/// [`build_site`], replacing at the output what `replace` allows (`--force`: anything but
/// the site's own folders).
pub fn build_site_replacing(
    options: &BuildOptions,
    replace: Replace,
) -> Result<Build, BuildFailure> {
    build_site_with(options, replace, Warnings::Allow)
}

/// Whether warnings fail a build (`--deny-warnings`, for CI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warnings {
    Allow,
    Deny,
}

/// [`build_site_replacing`], failing before anything is written on a warning if `warnings`
/// says so.
pub fn build_site_with(
    options: &BuildOptions,
    replace: Replace,
    warnings: Warnings,
) -> Result<Build, BuildFailure> {
    let started = Instant::now();
    let mut pipeline = Pipeline::load(options)?;
    pipeline.one_shot = true;
    pipeline.deny_warnings = warnings == Warnings::Deny;
    // Pages go to disk as they are rendered, into a staging folder swapped in at the end.
    let target = OutputTarget::for_site(options.output_dir(), pipeline.config(), replace);
    let staging = StagedSite::create(&target)?;
    let mut build = pipeline.run_into(&|file| {
        staging
            .write(&file)
            .map_err(|error| Diagnostic::error(error.to_string()))
    })?;
    staging.finish(&build.static_files)?;
    crate::timings::mark("write");
    build.summary.elapsed = started.elapsed();
    build.spent_pipeline = Some(Box::new(pipeline));
    Ok(build)
}

/// `planpress check`: everything `build` checks, nothing written.
pub fn check_site(options: &BuildOptions) -> Result<Build, BuildFailure> {
    check_site_with(options, Warnings::Allow)
}

/// [`check_site`], failing on a warning if `warnings` says so.
pub fn check_site_with(options: &BuildOptions, warnings: Warnings) -> Result<Build, BuildFailure> {
    let mut pipeline = Pipeline::load(options)?;
    pipeline.deny_warnings = warnings == Warnings::Deny;
    pipeline.run()
}
