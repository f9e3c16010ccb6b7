# TOML text for a Nix value, standing in for the json2toml run of nixpkgs' `formats.toml`:
# scalars and arrays first, then one [table] per nested attribute set.
let
  inherit (builtins) attrNames concatStringsSep filter isAttrs isBool isList match toJSON;

  key = k: if match "[A-Za-z0-9_-]+" k != null then k else toJSON k;
  value = v:
    if isBool v then (if v then "true" else "false")
    else if isList v then "[${concatStringsSep ", " (map value v)}]"
    else if isAttrs v then throw "to-toml: no inline tables, got a table inside an array"
    else toJSON v;

  table = path: attrs:
    let
      names = attrNames attrs;
      tables = filter (n: isAttrs attrs.${n}) names;
      scalars = filter (n: !isAttrs attrs.${n}) names;
    in
    (if path == [ ] || scalars == [ ] && tables != [ ] then "" else "[${concatStringsSep "." (map key path)}]\n")
    + concatStringsSep "" (map (n: "${key n} = ${value attrs.${n}}\n") scalars)
    + concatStringsSep "" (map (n: "\n" + table (path ++ [ n ]) attrs.${n}) tables);
in
table [ ]
