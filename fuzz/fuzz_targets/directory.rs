//! libFuzzer target `directory`: see tests/fuzz/targets.rs.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| idgauge_fuzz::one("directory", data));

libfuzzer_sys::fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    idgauge_fuzz::mutate(data, size, max_size, seed)
});
