# programs.vibectl, shared by the NixOS and home-manager modules: the options, the config.toml
# they render to (configFile), and the assertion that keeps literal keys out of the Nix store.
{ config, lib, pkgs, ... }:

let
  inherit (lib) mkOption types;
  cfg = config.programs.vibectl;
  settingsFormat = pkgs.formats.toml { };

  # A string, not a `path`: a path would copy the key into the world-readable Nix store.
  # The core expands a leading ~/ itself.
  outsideStore = p: (lib.hasPrefix "/" p || lib.hasPrefix "~/" p) && !lib.hasPrefix builtins.storeDir p;
  secretFile = types.addCheck types.str outsideStore
    // { description = "absolute or ~/ path outside the Nix store"; };

  provider = types.submodule {
    options = {
      keyFile = mkOption {
        type = types.nullOr secretFile;
        default = null;
        example = lib.literalExpression "config.age.secrets.anthropic.path";
        description = ''
          File holding the provider's API key, read by vibectl when it runs: an agenix
          (`config.age.secrets.<name>.path`) or sops-nix (`config.sops.secrets.<name>.path`)
          secret. Never a file in the Nix store, which every user can read.
        '';
      };
      keyCommand = mkOption {
        type = types.nullOr (types.listOf types.str);
        default = null;
        example = [ "pass" "show" "vibectl/anthropic" ];
        description = "Command that prints the provider's API key: an argv list, run without a shell.";
      };
      baseUrl = mkOption {
        type = types.nullOr types.str;
        default = null;
        example = "https://gateway.example/v1";
        description = "Where the provider is reached, e.g. a gateway or a local Ollama.";
      };
      kind = mkOption {
        type = types.nullOr (types.enum [ "anthropic" "openai" "ollama" ]);
        default = null;
        description = "The API the provider speaks; needed for names other than anthropic, openai and ollama.";
      };
    };
  };

  providerSettings = p: lib.filterAttrs (_: v: v != null) {
    key_file = p.keyFile;
    key_command = p.keyCommand;
    base_url = p.baseUrl;
    inherit (p) kind;
  };

  literalKeys = lib.attrNames (lib.filterAttrs (_: p: p ? key) (cfg.settings.providers or { }));
in
{
  options.programs.vibectl = {
    enable = lib.mkEnableOption "vibectl, kubectl with an LLM that summarises and plans";

    package = mkOption {
      type = types.package;
      default = pkgs.callPackage ./package.nix { };
      defaultText = lib.literalExpression "pkgs.callPackage ./nix/package.nix { }";
      description = "The vibectl package.";
    };

    model = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "claude-sonnet-4-5";
      description = "The model vibectl asks (`llm.model`).";
    };

    fallbacks = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "gpt-5-mini" ];
      description = "Models tried in turn when the model fails (`llm.fallbacks`).";
    };

    providers = mkOption {
      type = types.attrsOf provider;
      default = { };
      example = lib.literalExpression "{ anthropic.keyFile = config.age.secrets.anthropic.path; }";
      description = ''
        LLM providers by name (`providers.<name>`): anthropic, openai, ollama, or any
        OpenAI-compatible name with `kind` set.
      '';
    };

    settings = mkOption {
      type = settingsFormat.type;
      default = { };
      example = {
        core.kubectl_command = "kubectl";
        models.aliases.fast = "claude-haiku-4-5";
        memory.enabled = true;
      };
      description = ''
        vibectl's config.toml, merged with the options above. Never put a key here: use
        `providers.<name>.keyFile` or `keyCommand`.
      '';
    };

    configFile = mkOption {
      type = types.package;
      internal = true;
      readOnly = true;
      default = settingsFormat.generate "vibectl-config.toml" cfg.settings;
      description = "The rendered config.toml.";
    };
  };

  config = lib.mkIf cfg.enable {
    programs.vibectl.settings = lib.mkMerge [
      (lib.mkIf (cfg.model != null) { llm.model = cfg.model; })
      (lib.mkIf (cfg.fallbacks != [ ]) { llm.fallbacks = cfg.fallbacks; })
      (lib.mkIf (cfg.providers != { }) { providers = lib.mapAttrs (_: providerSettings) cfg.providers; })
    ];

    assertions = [{
      assertion = literalKeys == [ ];
      message = "programs.vibectl.settings.providers.<name>.key is set for "
        + "${lib.concatStringsSep ", " literalKeys}; keys in settings end up in the "
        + "world-readable Nix store. Set programs.vibectl.providers.<name>.keyFile to a secret "
        + "file (agenix, sops-nix) or keyCommand instead.";
    }];
  };
}
