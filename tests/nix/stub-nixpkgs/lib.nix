# A stand-in for the part of nixpkgs' `lib` that vibectl's Nix files use, with the same names
# and meaning, since nixpkgs cannot be fetched here. `evalModules` is a small module system:
# option declarations, definitions merged and checked by type, mkIf, mkMerge, submodules and
# "option does not exist" errors; no priorities (mkDefault, mkForce) and no documentation.
let
  inherit (builtins)
    all attrNames concatMap concatStringsSep elem filter foldl' head isAttrs isBool isFloat
    isFunction isInt isList isString listToAttrs mapAttrs stringLength substring tail typeOf;

  genAttrs = names: f: listToAttrs (map (name: { inherit name; value = f name; }) names);
  filterAttrs = pred: set: removeAttrs set (filter (n: !pred n set.${n}) (attrNames set));
  hasPrefix = prefix: s: substring 0 (stringLength prefix) s == prefix;
  unique = foldl' (seen: x: if elem x seen then seen else seen ++ [ x ]) [ ];
  showLoc = concatStringsSep ".";

  mkOption = attrs: attrs // { _type = "option"; };
  isOption = v: isAttrs v && v._type or null == "option";
  mkIf = condition: content: { _type = "if"; inherit condition content; };
  mkMerge = contents: { _type = "merge"; inherit contents; };

  # The plain definitions a definition stands for once its mkIf conditions are known.
  resolve = def:
    if def._type or null == "if" then (if def.condition then resolve def.content else [ ])
    else if def._type or null == "merge" then concatMap resolve def.contents
    else [ def ];

  # The attribute names a definition defines, without evaluating any mkIf condition.
  namesOf = def:
    if def._type or null == "if" then namesOf def.content
    else if def._type or null == "merge" then concatMap namesOf def.contents
    else attrNames def;

  # The definitions of attribute `name` inside `defs`, each still under the mkIf it was in.
  defsUnder = name: concatMap (def:
    if def._type or null == "if" then map (mkIf def.condition) (defsUnder name [ def.content ])
    else if def._type or null == "merge" then defsUnder name def.contents
    else if def ? ${name} then [ def.${name} ]
    else [ ]);

  mergeChecked = type: loc: values:
    let bad = filter (v: !type.check v) values; in
    if bad != [ ] then
      throw "A definition for option `${showLoc loc}' is not of type `${type.description}' (it is a ${typeOf (head bad)})."
    else type.merge loc values;

  mergeEqual = loc: values:
    if all (v: v == head values) values then head values
    else throw "The option `${showLoc loc}' has conflicting definitions.";

  # The values of the options declared in `decls` (nested attribute sets of options).
  valuesOf = loc: decls: defs:
    let undeclared = filter (n: !decls ? ${n}) (unique (concatMap namesOf defs)); in
    if undeclared != [ ] then
      throw "The option `${showLoc (loc ++ [ (head undeclared) ])}' does not exist."
    else
      mapAttrs
        (name: decl:
          if isOption decl then mergeOption (loc ++ [ name ]) decl (defsUnder name defs)
          else valuesOf (loc ++ [ name ]) decl (defsUnder name defs))
        decls;

  mergeOption = loc: option: defs:
    let values = concatMap resolve defs; in
    if values != [ ] then mergeChecked option.type loc values
    else if option ? default then mergeChecked option.type loc [ option.default ]
    else throw "The option `${showLoc loc}' is used but not defined.";

  mkOptionType = { name, description ? name, check, merge ? mergeEqual }:
    { inherit name description check merge; };

  either = a: b: mkOptionType {
    name = "either";
    description = "${a.description} or ${b.description}";
    check = v: a.check v || b.check v;
    merge = loc: values:
      if all a.check values then a.merge loc values
      else if all b.check values then b.merge loc values
      else throw "The option `${showLoc loc}' has conflicting definitions.";
  };

  types = {
    bool = mkOptionType { name = "bool"; description = "boolean"; check = isBool; };
    int = mkOptionType { name = "int"; description = "signed integer"; check = isInt; };
    float = mkOptionType { name = "float"; description = "floating point number"; check = isFloat; };
    str = mkOptionType { name = "str"; description = "string"; check = isString; };
    path = mkOptionType {
      name = "path";
      check = v: typeOf v == "path" || isString v && hasPrefix "/" v;
    };
    package = mkOptionType { name = "package"; check = v: v.type or null == "derivation"; };
    enum = values: mkOptionType {
      name = "enum";
      description = "one of ${concatStringsSep ", " values}";
      check = v: elem v values;
    };
    nullOr = type: mkOptionType {
      name = "nullOr";
      description = "null or ${type.description}";
      check = v: v == null || type.check v;
      merge = loc: values:
        if all (v: v == null) values then null
        else if elem null values then throw "The option `${showLoc loc}' has conflicting definitions."
        else type.merge loc values;
    };
    listOf = type: mkOptionType {
      name = "listOf";
      description = "list of ${type.description}";
      check = isList;
      merge = loc: values: map (v: mergeChecked type (loc ++ [ "*" ]) [ v ]) (concatMap (concatMap resolve) values);
    };
    attrsOf = type: mkOptionType {
      name = "attrsOf";
      description = "attribute set of ${type.description}";
      check = isAttrs;
      merge = loc: values: listToAttrs (concatMap
        (name:
          let defs = concatMap resolve (defsUnder name values); in
          if defs == [ ] then [ ] else [{ inherit name; value = mergeChecked type (loc ++ [ name ]) defs; }])
        (unique (concatMap attrNames values)));
    };
    oneOf = ts: foldl' either (head ts) (tail ts);
    addCheck = type: check: type // { check = v: type.check v && check v; };
    submodule = { options }: mkOptionType {
      name = "submodule";
      check = isAttrs;
      merge = loc: valuesOf loc options;
    };
  };

  evalModules = { modules, specialArgs ? { } }:
    let
      # Each module, imports included, as { options, config }; config keeps its mkIf and mkMerge.
      collect = m:
        let
          f = if builtins.isPath m then import m else m;
          module = if isFunction f then f (specialArgs // { inherit config lib; }) else f;
          full = module ? options || module ? config || module ? imports;
        in
        [{ options = module.options or { }; config = if full then module.config or { } else module; }]
        ++ concatMap collect (module.imports or [ ]);
      collected = concatMap collect modules;
      declare = a: b: a // mapAttrs
        (n: v:
          if !a ? ${n} then v
          else if isOption v || isOption a.${n} then throw "The option `${n}' is declared twice."
          else declare a.${n} v)
        b;
      options = foldl' declare { } (map (m: m.options) collected);
      config = valuesOf [ ] options (map (m: m.config) collected);
    in
    { inherit config options; };

  lib = {
    inherit (builtins) attrNames concatStringsSep mapAttrs;
    inherit evalModules filterAttrs genAttrs hasPrefix mkIf mkMerge mkOption types;
    mkEnableOption = name: mkOption {
      type = types.bool;
      default = false;
      description = "Whether to enable ${name}.";
    };
    literalExpression = text: { _type = "literalExpression"; inherit text; };
    importTOML = path: builtins.fromTOML (builtins.readFile path);
    makeBinPath = packages: concatStringsSep ":" (map (p: "${p}/bin") packages);
    licenses.mit = { spdxId = "MIT"; };
    fileset = {
      unions = paths: paths;
      # The files and directories in `fileset` (a list of paths that must exist), and the
      # directories on the way to them.
      toSource = { root, fileset }:
        assert all builtins.pathExists fileset;
        builtins.path {
          name = "source";
          path = root;
          filter = path: _type: builtins.any
            (p: path == toString p || hasPrefix "${toString p}/" path || hasPrefix "${path}/" (toString p))
            fileset;
        };
    };
  };
in
lib
