# Named checks, each { got, want }: the names when every check holds, else an error that shows
# what each failing check got and wanted.
checks:
let
  inherit (builtins) attrNames concatStringsSep filter toJSON;
  failed = filter (name: checks.${name}.got != checks.${name}.want) (attrNames checks);
  show = name: "${name}:\n  got  ${toJSON checks.${name}.got}\n  want ${toJSON checks.${name}.want}";
in
if failed == [ ] then attrNames checks
else throw "${toString (builtins.length failed)} check(s) failed:\n${concatStringsSep "\n" (map show failed)}"
