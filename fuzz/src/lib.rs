//! Glue between libFuzzer and the targets shared with the stable pass (tests/fuzz): the input
//! format (`NAME\nCONTENT`, [`targets::split_input`]), one scratch directory per process, and a
//! custom mutator that alternates libFuzzer's own byte mutations with the structure-aware ones
//! of tests/fuzz/mutate.rs.

#[path = "../../tests/fuzz/mutate.rs"]
pub mod mutate;
#[path = "../../tests/fuzz/targets.rs"]
pub mod targets;

use std::path::Path;
use std::sync::Mutex;

#[global_allocator]
static ALLOC: targets::Counting = targets::Counting;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

static SCRATCH: Mutex<Option<targets::Scratch>> = Mutex::new(None);

/// Runs one input; a panic or a memory bound exceeded aborts (a libFuzzer crash).
pub fn one(target: &str, data: &[u8]) {
    let (name, content) = targets::split_input(data);
    let mut guard = SCRATCH.lock().unwrap_or_else(|e| e.into_inner());
    let scratch = guard.get_or_insert_with(|| {
        let mut s = targets::Scratch::new(target);
        if target == "results" {
            let seed = &targets::results_seeds(root())[0];
            let text = String::from_utf8(seed.bytes.clone()).unwrap();
            s.baseline = Some(idgauge::baseline::parse(&text, Path::new("seed")).unwrap());
        }
        s
    });
    if let Err(f) = targets::run(root(), scratch, target, &name, content, false) {
        panic!("{f}");
    }
}

/// Half libFuzzer's mutations, half structure-aware ones on the content (the name line kept).
pub fn mutate(data: &mut [u8], size: usize, max_size: usize, seed: u32) -> usize {
    let mut rng = mutate::Rng::new(u64::from(seed));
    if rng.chance(2) {
        return libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    }
    let (name, content) = targets::split_input(&data[..size]);
    let m = mutate::mutate(&mut rng, &name, content);
    let out = targets::join_input(&name, &m);
    let n = out.len().min(max_size);
    data[..n].copy_from_slice(&out[..n]);
    n
}
