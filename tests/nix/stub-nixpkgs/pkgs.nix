# A stand-in for the nixpkgs package set. Every package is a trivial derivation (nothing is
# fetched or built) that keeps the attributes it was made from, so tests can read them back and
# `nix flake check` can instantiate the flake's outputs.
{ lib, system }:

let
  mkDerivation = attrs: derivation
    (removeAttrs attrs [ "meta" ] // {
      inherit system;
      name = attrs.name or "${attrs.pname}-${attrs.version}";
      builder = "/bin/sh";
      args = [ "-c" "echo > $out" ];
    }) // { meta = attrs.meta or { }; };

  stub = name: mkDerivation { inherit name; };
  writeText = name: text: mkDerivation { inherit name text; };

  pkgs = {
    inherit lib writeText;

    callPackage = fn: args:
      let f = if builtins.isPath fn then import fn else fn; in
      f (builtins.intersectAttrs (builtins.functionArgs f) pkgs // args);

    mkShell = attrs: mkDerivation ({ name = "nix-shell"; } // attrs);

    # nixpkgs' formats.toml: the same type, and TOML written by ./to-toml.nix.
    formats.toml = {}: {
      type =
        let
          valueType = with lib.types; oneOf [ bool int float str path (attrsOf valueType) (listOf valueType) ]
            // { description = "TOML value"; };
        in
        valueType;
      generate = name: value: writeText name (import ./to-toml.nix value);
    };

    rustPlatform = {
      cargoSetupHook = stub "cargo-setup-hook.sh";
      maturinBuildHook = stub "maturin-build-hook.sh";
      importCargoLock = { lockFile }: mkDerivation { name = "cargo-vendor-dir"; inherit lockFile; };
    };

    python3Packages = {
      buildPythonApplication = mkDerivation;
    } // lib.genAttrs [ "click" "rich" "pytest" "pytest-timeout" "mypy" ] stub;

    python3 = stub "python3" // {
      withPackages = f: mkDerivation { name = "python3-env"; packages = f pkgs.python3Packages; };
    };
  } // lib.genAttrs
    [ "kubectl" "libiconv" "cargo" "rustc" "clippy" "rustfmt" "maturin" "ruff" "deadnix" "nixpkgs-fmt" ]
    stub;
in
pkgs
