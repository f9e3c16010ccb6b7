# The stand-in nixpkgs that tests/nix/check gives `nix flake check --override-input nixpkgs`.
{
  outputs = _:
    let
      lib = import ./lib.nix;
    in
    {
      inherit lib;
      legacyPackages = lib.genAttrs
        [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ]
        (system: import ./pkgs.nix { inherit lib system; });
    };
}
