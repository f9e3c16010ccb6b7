# `nix develop`: the Rust toolchain, maturin, Python and the tools scripts/check and
# tests/nix/check run.
{ mkShell
, cargo
, rustc
, clippy
, rustfmt
, maturin
, python3
, ruff
, deadnix
, nixpkgs-fmt
}:

mkShell {
  packages = [
    cargo
    rustc
    clippy
    rustfmt
    maturin
    ruff
    deadnix
    nixpkgs-fmt
    (python3.withPackages (ps: [ ps.click ps.rich ps.pytest ps.pytest-timeout ps.mypy ]))
  ];
}
