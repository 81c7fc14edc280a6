#![no_main]
use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;

thread_local! {
    // Built once per process: a fresh cluster per input would dominate the run time.
    static SESSION: RefCell<kubeplay_kubectl::Session> = RefCell::new(kubeplay_fuzz::fresh_session());
}

fuzz_target!(|data: &[u8]| {
    SESSION.with(|s| kubeplay_fuzz::manifest(&mut s.borrow_mut(), data));
});
