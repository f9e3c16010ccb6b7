# A nixpkgs overlay that adds pkgs.vibectl.
final: _prev: {
  vibectl = final.callPackage ./package.nix { };
}
