#!/usr/bin/env python3
"""Make a crate's #[test]s also run in headless Chromium (wasm32) via wasm-bindgen-test.

Idempotent. For every test module it adds
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;
so `#[test]` means wasm_bindgen_test on wasm32 and the built-in test natively; the crate root gets
`wasm_bindgen_test_configure!(run_in_browser)` and Cargo.toml a wasm32-only dev-dependency.
Usage: scripts/dev/wasm-testify.py crates/model [crates/yaml ...]
"""
import os, re, sys

IMPORT = "#[cfg(target_arch = \"wasm32\")]\n{ind}use wasm_bindgen_test::wasm_bindgen_test as test;\n"
MARK = "use wasm_bindgen_test::wasm_bindgen_test as test;"

def patch_file(path):
    src = open(path).read()
    if "#[test]" not in src or MARK in src:
        return False
    lines = src.split("\n")
    out, i, inserted = [], 0, False
    while i < len(lines):
        line = lines[i]
        out.append(line)
        if line.strip() == "#[cfg(test)]" and i + 1 < len(lines):
            m = re.match(r"^(\s*)(pub(\(crate\))? )?mod \w+ \{\s*$", lines[i + 1])
            if m:
                out.append(lines[i + 1])
                ind = m.group(1) + "    "
                out.append(ind + IMPORT.format(ind=ind).rstrip("\n"))
                inserted = True
                i += 2
                continue
        i += 1
    if not inserted:
        # The whole file is a test module (`#[cfg(test)] mod tests;` in its parent).
        j = 0
        while j < len(out) and (out[j].startswith("//!") or out[j].startswith("#![")):
            j += 1
        out.insert(j, IMPORT.format(ind="").rstrip("\n"))
    open(path, "w").write("\n".join(out))
    return True

for crate in sys.argv[1:]:
    n = 0
    for root, _, files in os.walk(os.path.join(crate, "src")):
        for f in files:
            if f.endswith(".rs") and patch_file(os.path.join(root, f)):
                n += 1
    lib = os.path.join(crate, "src", "lib.rs")
    s = open(lib).read()
    if "wasm_bindgen_test_configure" not in s:
        s = s.rstrip("\n") + "\n\n#[cfg(all(test, target_arch = \"wasm32\"))]\nwasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);\n"
        open(lib, "w").write(s)
    toml = os.path.join(crate, "Cargo.toml")
    t = open(toml).read()
    if "wasm-bindgen-test" not in t:
        block = "\n[target.'cfg(target_arch = \"wasm32\")'.dev-dependencies]\nwasm-bindgen-test.workspace = true\n"
        t = t.replace("\n[lints]", block + "\n[lints]") if "\n[lints]" in t else t + block
        open(toml, "w").write(t)
    print(f"{crate}: {n} test files")
