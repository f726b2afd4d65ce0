use std::process::ExitCode;

// The build allocates and frees many small strings (events, attributes, template values);
// mimalloc does that markedly faster than the system allocator (see bench/results.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    disable_transparent_huge_pages();
    let code = match planpress::cli::parse(std::env::args_os().collect()) {
        Ok(cli) => planpress::cli::run(cli),
        Err(code) => code,
    };
    planpress::timings::mark("exit");
    code
}

/// mimalloc asks Linux for transparent huge pages, and a build allocates and frees in many
/// short-lived bursts: the kernel then zeroes 2 MiB pages of which little is used. Without
/// them a 10,000-document build spends about 1 s less in the kernel and peaks ~40 MB lower
/// (bench/README.md, "Allocator").
fn disable_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and touches no memory of ours;
    // a kernel without it returns an error, which is fine to ignore (the build still works).
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
