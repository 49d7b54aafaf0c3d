//! The temporary folder a real build runs in: the build context's files written out, and the
//! Dockerfiles beside (not inside) the context so that `COPY . .` never copies them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::EngineError;

/// A folder under the system's temporary folder holding `context/` and Dockerfiles; removed
/// when dropped.
pub struct BuildFolder {
    path: PathBuf,
}

impl BuildFolder {
    /// Makes the folder and writes `context` (path inside the context -> text) under
    /// `context/`. A path that would leave the context is refused.
    pub fn with_context(context: &BTreeMap<String, String>) -> Result<BuildFolder, EngineError> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path =
            std::env::temp_dir().join(format!("stagecraft-build-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&path).map_err(|source| EngineError::Context {
            path: path.clone(),
            source,
        })?;
        let folder = BuildFolder { path };
        let context_path = folder.context();
        fs::create_dir_all(&context_path).map_err(|source| EngineError::Context {
            path: context_path.clone(),
            source,
        })?;
        for (name, text) in context {
            let rel = crate::content::pack::join_inside("context", name).map_err(|detail| {
                EngineError::Context {
                    path: PathBuf::from(name),
                    source: std::io::Error::other(detail),
                }
            })?;
            write_file(&folder.path.join(rel), text)?;
        }
        Ok(folder)
    }

    /// The build context folder.
    pub fn context(&self) -> PathBuf {
        self.path.join("context")
    }

    /// Writes a Dockerfile named `name` beside the context and returns its path.
    pub fn dockerfile(&self, name: &str, text: &str) -> Result<PathBuf, EngineError> {
        let path = self.path.join(name);
        write_file(&path, text)?;
        Ok(path)
    }
}

impl Drop for BuildFolder {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), EngineError> {
    let error = |source| EngineError::Context {
        path: path.to_owned(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(error)?;
    }
    fs::write(path, text).map_err(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_context_is_written_and_removed_with_the_folder() {
        let files = BTreeMap::from([
            ("a.txt".to_owned(), "a".to_owned()),
            ("sub/b.txt".to_owned(), "b".to_owned()),
        ]);
        let folder = BuildFolder::with_context(&files).expect("folder");
        let context = folder.context();
        assert_eq!(
            fs::read_to_string(context.join("sub/b.txt")).expect("b"),
            "b"
        );
        let dockerfile = folder
            .dockerfile("Dockerfile", "FROM scratch\n")
            .expect("file");
        assert!(!dockerfile.starts_with(&context));
        drop(folder);
        assert!(!context.exists());
    }

    #[test]
    fn a_path_leaving_the_context_is_refused() {
        let files = BTreeMap::from([("../escape.txt".to_owned(), "x".to_owned())]);
        assert!(matches!(
            BuildFolder::with_context(&files),
            Err(EngineError::Context { .. })
        ));
    }
}
