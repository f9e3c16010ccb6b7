# The NixOS and home-manager modules, evaluated against the stand-in lib: the config.toml each
# writes and where, the package, and the assertion against literal keys.
let
  lib = import ./stub-nixpkgs/lib.nix;
  pkgs = import ./stub-nixpkgs/pkgs.nix { inherit lib; system = builtins.currentSystem; };
  expect = import ./expect.nix;
  inherit (lib) mkOption types;

  # What a NixOS system and a home-manager user declare, as far as the modules use it.
  assertions.options.assertions = mkOption {
    type = types.listOf (types.submodule {
      options.assertion = mkOption { type = types.bool; };
      options.message = mkOption { type = types.str; };
    });
    default = [ ];
  };
  packages = mkOption { type = types.listOf types.package; default = [ ]; };
  files = mkOption {
    type = types.attrsOf (types.submodule { options.source = mkOption { type = types.package; }; });
    default = { };
  };
  nixos = { options.environment = { systemPackages = packages; etc = files; }; };
  home-manager = { options = { home.packages = packages; xdg.configFile = files; }; };

  eval = host: module: users:
    (lib.evalModules { modules = [ assertions host module ] ++ users; specialArgs = { inherit pkgs; }; }).config;
  evalNixos = eval nixos ../../nix/nixos-module.nix;
  evalHome = eval home-manager ../../nix/home-manager-module.nix;

  user.programs.vibectl = {
    enable = true;
    model = "claude-sonnet-4-5";
    fallbacks = [ "gpt-5-mini" ];
    providers.anthropic.keyFile = "/run/agenix/anthropic";
    providers.gateway = {
      kind = "openai";
      baseUrl = "https://gateway.example/v1";
      keyCommand = [ "pass" "show" "vibectl/gateway" ];
    };
    settings = {
      llm.max_retries = 2;
      models.aliases.fast = "claude-haiku-4-5";
      memory.enabled = true;
    };
  };
  expectedToml = {
    llm = { model = "claude-sonnet-4-5"; fallbacks = [ "gpt-5-mini" ]; max_retries = 2; };
    providers.anthropic.key_file = "/run/agenix/anthropic";
    providers.gateway = {
      kind = "openai";
      base_url = "https://gateway.example/v1";
      key_command = [ "pass" "show" "vibectl/gateway" ];
    };
    models.aliases.fast = "claude-haiku-4-5";
    memory.enabled = true;
  };

  system = evalNixos [ user ];
  home = evalHome [ user ];
  systemToml = system.environment.etc."vibectl/config.toml".source.text;
  homeToml = home.xdg.configFile."vibectl/config.toml".source.text;
  package = pkgs.callPackage ../../nix/package.nix { };

  secret = "sk-ant-literal-secret";
  withLiteralKey = evalNixos [ user { programs.vibectl.settings.providers.openai.key = secret; } ];
  failedAssertions = config: map (a: a.message) (builtins.filter (a: !a.assertion) config.assertions);
  mentions = needle: haystack: builtins.match ".*${needle}.*" haystack != null;
  rendersWith = anthropic:
    let config = evalNixos [{ programs.vibectl = { enable = true; providers = { inherit anthropic; }; }; }]; in
    (builtins.tryEval config.environment.etc."vibectl/config.toml".source.text).success;
in
expect {
  "NixOS writes only /etc/vibectl/config.toml" = {
    got = builtins.attrNames system.environment.etc;
    want = [ "vibectl/config.toml" ];
  };
  "NixOS config.toml holds the options and settings, key file paths and no key" = {
    got = builtins.fromTOML systemToml;
    want = expectedToml;
  };
  "NixOS config.toml names the key file" = {
    got = mentions ''key_file = "/run/agenix/anthropic"'' systemToml;
    want = true;
  };
  "NixOS installs the package" = {
    got = map (p: p.drvPath) system.environment.systemPackages;
    want = [ package.drvPath ];
  };
  "NixOS assertions hold" = { got = failedAssertions system; want = [ ]; };
  "home-manager writes only vibectl/config.toml in XDG_CONFIG_HOME" = {
    got = builtins.attrNames home.xdg.configFile;
    want = [ "vibectl/config.toml" ];
  };
  "home-manager writes the same config.toml" = { got = homeToml; want = systemToml; };
  "home-manager installs the package" = {
    got = map (p: p.drvPath) home.home.packages;
    want = [ package.drvPath ];
  };
  "home-manager assertions hold" = { got = failedAssertions home; want = [ ]; };
  "a literal key fails an assertion that points at keyFile" = {
    got = map (mentions "programs.vibectl.providers.<name>.keyFile") (failedAssertions withLiteralKey);
    want = [ true ];
  };
  "the assertion message does not repeat the key" = {
    got = builtins.any (mentions secret) (failedAssertions withLiteralKey);
    want = false;
  };
  "a keyFile string renders, absolute or under ~/" = {
    got = map (keyFile: rendersWith { inherit keyFile; }) [ "/run/secrets/anthropic" "~/.config/vibectl/anthropic" ];
    want = [ true true ];
  };
  "a Nix path as keyFile is refused: it would copy the key into the store" = {
    got = rendersWith { keyFile = ./modules.nix; };
    want = false;
  };
  "a keyFile in the Nix store is refused" = {
    got = rendersWith { keyFile = "${./modules.nix}"; };
    want = false;
  };
  "a keyFile that is neither absolute nor under ~/ is refused" = {
    got = rendersWith { keyFile = "\${XDG_RUNTIME_DIR}/agenix/anthropic"; };
    want = false;
  };
  "a provider option that does not exist is refused" = { got = rendersWith { key = secret; }; want = false; };
  "disabled, nothing is written or installed" = {
    got = { inherit (evalHome [{ programs.vibectl.model = "claude-sonnet-4-5"; }]) assertions home xdg; };
    want = { assertions = [ ]; home.packages = [ ]; xdg.configFile = { }; };
  };
}
