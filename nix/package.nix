# vibectl the nixpkgs way: a Python application whose extension module (vibectl._core) maturin
# builds from the Rust core, with kubectl on the program's PATH.
{ lib
, python3Packages
, rustPlatform
, kubectl
, libiconv
}:

let
  project = (lib.importTOML ../pyproject.toml).project;
in
python3Packages.buildPythonApplication {
  pname = project.name;
  # pyproject.toml declares the version dynamic: maturin takes it from Cargo.toml.
  inherit ((lib.importTOML ../Cargo.toml).package) version;
  pyproject = true;

  # Only what the wheel is built from: no target/, .venv/, dist/ or tests.
  src = lib.fileset.toSource {
    root = ../.;
    fileset = lib.fileset.unions [
      ../Cargo.toml
      ../Cargo.lock
      ../pyproject.toml
      ../README.md
      ../python
      ../src
    ];
  };

  cargoDeps = rustPlatform.importCargoLock { lockFile = ../Cargo.lock; };

  nativeBuildInputs = [ rustPlatform.cargoSetupHook ];
  build-system = [ rustPlatform.maturinBuildHook ];
  # Rust's libc links libiconv on Darwin; elsewhere this is libc's own iconv.
  buildInputs = [ libiconv ];

  dependencies = with python3Packages; [ click rich ];

  makeWrapperArgs = [ "--prefix" "PATH" ":" (lib.makeBinPath [ kubectl ]) ];

  pythonImportsCheck = [ "vibectl._core" ];

  meta = {
    inherit (project) description;
    license = lib.licenses.mit;
    mainProgram = "vibectl";
  };
}
