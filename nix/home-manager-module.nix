# home-manager: programs.vibectl installs vibectl for the user and writes
# $XDG_CONFIG_HOME/vibectl/config.toml, the core's user layer.
{ config, lib, ... }:

let
  cfg = config.programs.vibectl;
in
{
  imports = [ ./module-common.nix ];

  config = lib.mkIf cfg.enable {
    home.packages = [ cfg.package ];
    xdg.configFile."vibectl/config.toml".source = cfg.configFile;
  };
}
