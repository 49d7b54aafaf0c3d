//! The image catalog: what the course knows about base images (their shell, libc, default
//! user, entrypoint, release and support status), as data rather than code.
//!
//! The catalog is written in a content pack's `images.yaml` (see docs/authoring.md, "The image
//! catalog"); [`crate::content::images`] reads and checks it. This module only holds the data
//! and answers questions about it, so the analyzer stays pure: callers pass a
//! `&ImageCatalog` in.
//!
//! An entry names an image pattern and, optionally, tag patterns, and gives any subset of the
//! facts. Looking up a reference merges every entry that matches it: for each fact, the first
//! matching entry that states it wins. So a file lists specific entries (`:debug` tags, a
//! version that reached its end of life) before the general entry of the same image, and a pack
//! loaded later is consulted before the packs loaded before it.
//!
//! ```
//! use stagecraft::dockerfile::image::ImageName;
//! use stagecraft::dockerfile::image_catalog::{ImageCatalog, ImageFacts, Status};
//!
//! let debug = ImageFacts {
//!     image: "gcr.io/distroless/static-debian13".into(),
//!     tags: vec!["debug*".into()],
//!     shell: Some("/busybox/sh".into()),
//!     entrypoint: Some(vec!["/busybox/sh".into()]),
//!     ..ImageFacts::default()
//! };
//! let general = ImageFacts {
//!     image: "gcr.io/distroless/static-debian13".into(),
//!     shell: Some("none".into()),
//!     status: Some(Status::Current),
//!     ..ImageFacts::default()
//! };
//! let catalog = ImageCatalog::new(vec![debug, general]);
//! let facts = catalog
//!     .lookup(&ImageName::parse("gcr.io/distroless/static-debian13:debug-nonroot"))
//!     .expect("known");
//! assert_eq!(facts.shell_path(), Some("/busybox/sh"));
//! assert!(!facts.has_bin_sh());
//! assert_eq!(facts.status(), Status::Current);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::image::{ImageName, Interpreter, glob_match, is_scratch};

/// Whether an image still gets fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Published and updated.
    #[default]
    Current,
    /// Still pullable, but its publisher tells users to move away from it.
    Deprecated,
    /// No longer updated: no security fixes.
    EndOfLife,
}

impl Status {
    /// The word used in `images.yaml` and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Deprecated => "deprecated",
            Status::EndOfLife => "end-of-life",
        }
    }

    /// Whether content should not recommend an image with this status.
    pub fn is_outdated(self) -> bool {
        self != Status::Current
    }
}

/// The C library an image provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Libc {
    /// GNU libc (Debian, Ubuntu, distroless `base`/`cc`/language images).
    Glibc,
    /// musl (Alpine).
    Musl,
    /// No C library at all (`scratch`, distroless `static`).
    None,
}

/// A language runtime an image ships, and its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Runtime {
    /// `python`, `node`, `java`, `go`, `rust`, `dotnet` ...
    pub name: String,
    /// The version as its users write it, e.g. `3.13`.
    pub version: String,
}

/// One entry of `images.yaml`, and the merged answer of [`ImageCatalog::lookup`].
///
/// Every fact is optional: `None` means "this entry does not say". In a merged answer `None`
/// means no matching entry said, and the helper methods fall back to what is safe to assume of
/// an unknown image (a `/bin/sh` is present, the user is unknown).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageFacts {
    /// The image name pattern without tag: `gcr.io/distroless/static-debian13`, `golang`,
    /// `mcr.microsoft.com/dotnet/*`. `*` stands for any run of characters. Docker Hub names are
    /// written short (`golang`, `nginxinc/nginx-unprivileged`). In a merged answer: the pattern
    /// of the first matching entry.
    pub image: String,
    /// Tag patterns (`debug*`, `1.27*`, `*alpine*`); empty matches every tag. A reference
    /// without a tag has the tag `latest`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// One line about what the image is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Whether it still gets fixes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// When it stopped (or will stop) getting fixes: `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_life: Option<String>,
    /// What to use instead, for outdated images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    /// The path of its shell (`/bin/sh`, `/busybox/sh`), or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shell: Option<String>,
    /// Its package manager (`apt`, `apk`, `tdnf` ...), or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_manager: Option<String>,
    /// Its C library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub libc: Option<Libc>,
    /// The version of that C library, e.g. `2.41`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub libc_version: Option<String>,
    /// Whether a CA certificate bundle is present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_certificates: Option<bool>,
    /// Whether time-zone data is present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tzdata: Option<bool>,
    /// The users its `/etc/passwd` holds; an empty list means it has no `/etc/passwd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<String>>,
    /// The numeric ids of users in its `/etc/passwd` (`nonroot: 65532`), so that a `USER` name
    /// can be told as the number Kubernetes needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uids: Option<BTreeMap<String, u32>>,
    /// The default user as the image config names it (`root`, `65532`, `app`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The numeric id of the default user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    /// The default ENTRYPOINT (exec form); an empty list is an empty ENTRYPOINT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<Vec<String>>,
    /// The default CMD (exec form); an empty list means no CMD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cmd: Option<Vec<String>>,
    /// The distribution it is built from: `debian`, `ubuntu`, `alpine`, `azurelinux`, `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distro: Option<String>,
    /// The distribution's release: `13`, `24.04`, `3.24`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// The language runtime it ships.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<Runtime>,
    /// The language runtimes its package manager installs, with their versions (Debian 13's
    /// `python3` package is Python 3.13), for images that do not ship a runtime of their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packaged_runtimes: Option<Vec<Runtime>>,
    /// Whether its own CMD is a ready service (a web server serving the files copied into
    /// it), so that an image built on it needs no CMD of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<bool>,
    /// Whether it is a build image (compiler or build tool), not meant to ship.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toolchain: Option<bool>,
    /// What the facts were checked against (a URL or repository and file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When they were checked: `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<String>,
}

/// Fills each `None` of `into` from `from`.
macro_rules! fill {
    ($into:expr, $from:expr, $($field:ident),* $(,)?) => {
        $(if $into.$field.is_none() {
            $into.$field = $from.$field.clone();
        })*
    };
}

impl ImageFacts {
    /// Whether this entry's patterns match `name` (see [`ImageName::catalog_name`]).
    pub fn matches(&self, name: &ImageName) -> bool {
        let full = name.catalog_name();
        if !glob_match(&self.image, &full) {
            return false;
        }
        let tag = name.tag.as_deref().unwrap_or("latest");
        self.tags.is_empty() || self.tags.iter().any(|t| glob_match(t, tag))
    }

    /// Fills the facts this one does not state from `later`, a less specific entry.
    fn fill_from(&mut self, later: &ImageFacts) {
        fill!(
            self,
            later,
            summary,
            status,
            end_of_life,
            replacement,
            shell,
            package_manager,
            libc,
            libc_version,
            ca_certificates,
            tzdata,
            users,
            uids,
            user,
            uid,
            entrypoint,
            cmd,
            distro,
            release,
            runtime,
            packaged_runtimes,
            service,
            toolchain,
            source,
            checked,
        );
    }

    /// The support status; an image no entry gives a status to counts as current.
    pub fn status(&self) -> Status {
        self.status.unwrap_or_default()
    }

    /// Whether the image has any shell (a `:debug` tag's `/busybox/sh` counts). Unknown: yes.
    pub fn has_shell(&self) -> bool {
        self.shell.as_deref() != Some("none")
    }

    /// Whether `/bin/sh` exists, which shell-form `RUN`, `CMD` and `ENTRYPOINT` need. Unknown:
    /// yes. Distroless `:debug` tags have a shell, but not at `/bin/sh`.
    pub fn has_bin_sh(&self) -> bool {
        self.shell.as_deref().is_none_or(|s| s == "/bin/sh")
    }

    /// The shell's path, when the catalog knows the image has one.
    pub fn shell_path(&self) -> Option<&str> {
        self.shell.as_deref().filter(|s| *s != "none")
    }

    /// The package manager, when the catalog knows the image has one.
    pub fn package_manager(&self) -> Option<&str> {
        self.package_manager.as_deref().filter(|s| *s != "none")
    }

    /// The default user as the image config names it.
    pub fn default_user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    /// Whether the image is known to run as a user other than root by default.
    pub fn nonroot_default(&self) -> bool {
        match (self.uid, self.user.as_deref()) {
            (Some(uid), _) => uid != 0,
            (None, Some(user)) => !crate::dockerfile::facts::is_root_name(user),
            (None, None) => false,
        }
    }

    /// The default ENTRYPOINT, when known.
    pub fn entrypoint(&self) -> Option<&[String]> {
        self.entrypoint.as_deref()
    }

    /// The default CMD, when known.
    pub fn cmd(&self) -> Option<&[String]> {
        self.cmd.as_deref()
    }

    /// The C library, when known.
    pub fn libc(&self) -> Option<Libc> {
        self.libc
    }

    /// The glibc version, when the image has glibc and the catalog gives its version.
    pub fn glibc_version(&self) -> Option<&str> {
        (self.libc == Some(Libc::Glibc))
            .then_some(self.libc_version.as_deref())
            .flatten()
    }

    /// The Debian release number (`13`), for images built on Debian.
    pub fn debian_release(&self) -> Option<u32> {
        (self.distro.as_deref() == Some("debian"))
            .then(|| self.release.as_deref()?.split('.').next()?.parse().ok())
            .flatten()
    }

    /// The language runtime's version, when known.
    pub fn runtime_version(&self) -> Option<&str> {
        self.runtime.as_ref().map(|r| r.version.as_str())
    }

    /// The interpreter the ENTRYPOINT runs (distroless `python3`, `nodejs*`, `java*`), so that
    /// a CMD holds only the script or jar.
    pub fn interpreter(&self) -> Option<Interpreter> {
        let program = self.entrypoint.as_ref()?.first()?;
        [Interpreter::Python, Interpreter::Node, Interpreter::Java]
            .into_iter()
            .find(|i| i.matches_program(program))
    }

    /// The version of `language` (`python`, `java`, `node` ...) the image offers: the runtime
    /// it ships, else the one its package manager installs.
    pub fn language_version(&self, language: &str) -> Option<&str> {
        self.runtime
            .iter()
            .chain(self.packaged_runtimes.iter().flatten())
            .find(|r| r.name == language)
            .map(|r| r.version.as_str())
    }

    /// The numeric id of the user `name` in the image's `/etc/passwd`, when the catalog gives it.
    pub fn uid_of(&self, name: &str) -> Option<u32> {
        self.uids.as_ref()?.get(name).copied()
    }

    /// The image's own command, when it is a ready service (see [`ImageFacts::service`]).
    pub fn service_command(&self) -> Option<String> {
        if self.service != Some(true) {
            return None;
        }
        // The official images' `docker-entrypoint.sh` only prepares and then runs the CMD.
        let words: Vec<String> = self
            .entrypoint
            .iter()
            .flatten()
            .chain(self.cmd.iter().flatten())
            .filter(|w| !w.ends_with("docker-entrypoint.sh"))
            .map(|w| {
                if w.contains(char::is_whitespace) {
                    format!("'{w}'")
                } else {
                    w.clone()
                }
            })
            .collect();
        (!words.is_empty()).then(|| words.join(" "))
    }

    /// Whether the image is a build image that should not ship.
    pub fn is_toolchain(&self) -> bool {
        self.toolchain == Some(true)
    }

    /// The users `/etc/passwd` is known to hold (`Some(&[])`: there is no `/etc/passwd`).
    pub fn known_users(&self) -> Option<&[String]> {
        self.users.as_deref()
    }

    /// Whether this is the empty image.
    pub fn is_scratch(&self) -> bool {
        is_scratch(&self.image)
    }
}

/// The list of image entries a course knows, in the order they are consulted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageCatalog {
    /// The entries, most specific first.
    pub images: Vec<ImageFacts>,
}

impl ImageCatalog {
    /// A catalog of these entries, consulted in this order.
    pub fn new(images: Vec<ImageFacts>) -> ImageCatalog {
        ImageCatalog { images }
    }

    /// The catalog of a pack loaded after this one: its entries are consulted first, so it adds
    /// images and overrides facts.
    pub fn extend_with(&mut self, later: ImageCatalog) {
        let mut images = later.images;
        images.append(&mut self.images);
        self.images = images;
    }

    /// What the catalog knows about an image: every matching entry merged, the first entry to
    /// state a fact winning. `None` when no entry matches.
    pub fn lookup(&self, name: &ImageName) -> Option<ImageFacts> {
        let mut matching = self.images.iter().filter(|e| e.matches(name));
        let mut facts = matching.next()?.clone();
        for entry in matching {
            facts.fill_from(entry);
        }
        facts.tags.clear();
        Some(facts)
    }

    /// [`ImageCatalog::lookup`] of a reference as written after `FROM` (variables expanded).
    pub fn lookup_reference(&self, reference: &str) -> Option<ImageFacts> {
        if reference.contains('$') {
            return None;
        }
        self.lookup(&ImageName::parse(reference))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(image: &str, tags: &[&str]) -> ImageFacts {
        ImageFacts {
            image: image.into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ..ImageFacts::default()
        }
    }

    #[test]
    fn the_first_entry_to_state_a_fact_wins() {
        let catalog = ImageCatalog::new(vec![
            ImageFacts {
                libc: Some(Libc::Musl),
                ..entry("golang", &["*alpine*"])
            },
            ImageFacts {
                status: Some(Status::EndOfLife),
                ..entry("golang", &["1.22*"])
            },
            ImageFacts {
                libc: Some(Libc::Glibc),
                toolchain: Some(true),
                status: Some(Status::Current),
                ..entry("golang", &[])
            },
        ]);
        let facts = catalog.lookup_reference("golang:1.22-alpine").unwrap();
        assert_eq!(facts.libc(), Some(Libc::Musl));
        assert_eq!(facts.status(), Status::EndOfLife);
        assert!(facts.is_toolchain());
        let facts = catalog
            .lookup_reference("docker.io/library/golang")
            .unwrap();
        assert_eq!(facts.libc(), Some(Libc::Glibc));
        assert_eq!(facts.status(), Status::Current);
        assert!(catalog.lookup_reference("rust:1").is_none());
        assert!(catalog.lookup_reference("$BASE").is_none());
    }

    #[test]
    fn later_packs_override_earlier_ones() {
        let mut catalog = ImageCatalog::new(vec![ImageFacts {
            status: Some(Status::Current),
            ..entry("acme/base", &[])
        }]);
        catalog.extend_with(ImageCatalog::new(vec![ImageFacts {
            status: Some(Status::Deprecated),
            ..entry("acme/*", &[])
        }]));
        let facts = catalog.lookup_reference("acme/base:1").unwrap();
        assert_eq!(facts.status(), Status::Deprecated);
    }

    #[test]
    fn unknown_facts_fall_back_safely() {
        let facts = ImageFacts::default();
        assert!(facts.has_shell() && facts.has_bin_sh());
        assert!(!facts.nonroot_default());
        assert_eq!(facts.interpreter(), None);
        let debug = ImageFacts {
            shell: Some("/busybox/sh".into()),
            ..ImageFacts::default()
        };
        assert!(debug.has_shell() && !debug.has_bin_sh());
        let none = ImageFacts {
            shell: Some("none".into()),
            package_manager: Some("none".into()),
            ..ImageFacts::default()
        };
        assert!(!none.has_shell() && none.shell_path().is_none());
        assert!(none.package_manager().is_none());
    }

    #[test]
    fn derived_facts() {
        let facts = ImageFacts {
            libc: Some(Libc::Glibc),
            libc_version: Some("2.41".into()),
            distro: Some("debian".into()),
            release: Some("13".into()),
            entrypoint: Some(vec!["/usr/bin/python3.13".into()]),
            runtime: Some(Runtime {
                name: "python".into(),
                version: "3.13".into(),
            }),
            user: Some("65532".into()),
            ..ImageFacts::default()
        };
        assert_eq!(facts.glibc_version(), Some("2.41"));
        assert_eq!(facts.debian_release(), Some(13));
        assert_eq!(facts.runtime_version(), Some("3.13"));
        assert_eq!(facts.interpreter(), Some(Interpreter::Python));
        assert!(facts.nonroot_default());
        let java = ImageFacts {
            entrypoint: Some(vec!["/usr/bin/java".into(), "-jar".into()]),
            uid: Some(0),
            user: Some("app".into()),
            ..ImageFacts::default()
        };
        assert_eq!(java.interpreter(), Some(Interpreter::Java));
        assert!(!java.nonroot_default());
        let shell = ImageFacts {
            entrypoint: Some(vec!["/busybox/sh".into()]),
            ..ImageFacts::default()
        };
        assert_eq!(shell.interpreter(), None);
    }

    #[test]
    fn language_versions_uids_and_services() {
        let debian = ImageFacts {
            packaged_runtimes: Some(vec![Runtime {
                name: "python".into(),
                version: "3.13".into(),
            }]),
            uids: Some(BTreeMap::from([("nonroot".to_owned(), 65532)])),
            ..ImageFacts::default()
        };
        assert_eq!(debian.language_version("python"), Some("3.13"));
        assert_eq!(debian.language_version("node"), None);
        assert_eq!(debian.uid_of("nonroot"), Some(65532));
        assert_eq!(debian.uid_of("app"), None);
        let python = ImageFacts {
            runtime: Some(Runtime {
                name: "python".into(),
                version: "3.14".into(),
            }),
            ..debian
        };
        assert_eq!(
            python.language_version("python"),
            Some("3.14"),
            "the shipped runtime wins"
        );
        let nginx = ImageFacts {
            entrypoint: Some(vec!["/docker-entrypoint.sh".into()]),
            cmd: Some(vec!["nginx".into(), "-g".into(), "daemon off;".into()]),
            service: Some(true),
            ..ImageFacts::default()
        };
        assert_eq!(
            nginx.service_command().as_deref(),
            Some("nginx -g 'daemon off;'")
        );
        let not_a_service = ImageFacts {
            service: None,
            ..nginx
        };
        assert_eq!(not_a_service.service_command(), None);
    }
}
