# The package and the overlay, evaluated against the stand-in package set: what
# buildPythonApplication is given.
let
  lib = import ./stub-nixpkgs/lib.nix;
  pkgs = import ./stub-nixpkgs/pkgs.nix { inherit lib; system = builtins.currentSystem; };
  expect = import ./expect.nix;
  vibectl = pkgs.callPackage ../../nix/package.nix { };
  overlaid = import ../../nix/overlay.nix pkgs pkgs;
in
expect {
  "the version is Cargo.toml's, which maturin builds" = { got = vibectl.version; want = (lib.importTOML ../../Cargo.toml).package.version; };
  "meta.mainProgram is the script pyproject.toml installs" = { got = [ vibectl.meta.mainProgram ]; want = builtins.attrNames (lib.importTOML ../../pyproject.toml).project.scripts; };
  "kubectl is on the program's PATH" = { got = vibectl.makeWrapperArgs; want = [ "--prefix" "PATH" ":" "${pkgs.kubectl}/bin" ]; };
  "maturin builds it with the Cargo.lock's crates" = {
    got = { inherit (vibectl) pyproject build-system nativeBuildInputs; lockFile = baseNameOf vibectl.cargoDeps.lockFile; };
    want = { pyproject = true; build-system = [ pkgs.rustPlatform.maturinBuildHook ]; nativeBuildInputs = [ pkgs.rustPlatform.cargoSetupHook ]; lockFile = "Cargo.lock"; };
  };
  "the source is what the wheel is built from: no target/, .venv/, dist/ or tests/" = {
    got = builtins.attrNames (builtins.readDir vibectl.src);
    want = [ "Cargo.lock" "Cargo.toml" "README.md" "pyproject.toml" "python" "src" ];
  };
  "the overlay adds the same package as pkgs.vibectl" = { got = overlaid.vibectl.drvPath; want = vibectl.drvPath; };
}
