{
  description = "vibectl: kubectl with an LLM that summarises and plans";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { nixpkgs, ... }:
    let
      forAllSystems = f: nixpkgs.lib.genAttrs
        [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ]
        (system: f nixpkgs.legacyPackages.${system});
    in
    {
      packages = forAllSystems (pkgs: { default = pkgs.callPackage ./nix/package.nix { }; });
      devShells = forAllSystems (pkgs: { default = pkgs.callPackage ./nix/devshell.nix { }; });
      formatter = forAllSystems (pkgs: pkgs.nixpkgs-fmt);
      overlays.default = import ./nix/overlay.nix;
      nixosModules.default = import ./nix/nixos-module.nix;
      homeManagerModules.default = import ./nix/home-manager-module.nix;
    };
}
