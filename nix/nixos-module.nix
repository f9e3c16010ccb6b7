# NixOS: programs.vibectl installs vibectl for every user and writes /etc/vibectl/config.toml,
# the core's system layer.
{ config, lib, ... }:

let
  cfg = config.programs.vibectl;
in
{
  imports = [ ./module-common.nix ];

  config = lib.mkIf cfg.enable {
    environment.systemPackages = [ cfg.package ];
    environment.etc."vibectl/config.toml".source = cfg.configFile;
  };
}
