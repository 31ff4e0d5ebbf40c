//! Finding the sub-table a row refers to.

use serde_json::Value;

use crate::tables::rows::Row;
use crate::tables::{norm_name, sides_meet, ParamTable, Role};

use super::{hints, table_name, Hints, Resolver};

impl Resolver<'_, '_> {
    /// The sub-table a field's type refers to: by link target, by the type's name, by the
    /// field's name, then by a "see Table N" in its description.
    pub(super) fn lookup(
        &self,
        names: &[Option<&str>],
        hints: &Hints,
        from: usize,
    ) -> Option<(usize, String)> {
        let fallback = names.iter().rev().flatten().next().copied().unwrap_or("");
        if let Some(i) = (0..self.tables.len()).find(|&i| {
            i != from
                && hints
                    .anchors
                    .iter()
                    .any(|a| self.tables[i].table.anchors.contains(a))
        }) {
            return Some((i, table_name(&self.tables[i].role, fallback)));
        }
        for n in names.iter().flatten() {
            if let Some(i) = self.find_table(n, from) {
                return Some((i, table_name(&self.tables[i].role, n)));
            }
        }
        let no = hints.desc_table?;
        let i = self.tables.iter().position(|t| {
            t.caption_no == Some(no) && matches!(t.role, Role::Named(_) | Role::Unnamed)
        })?;
        (i != from).then(|| {
            (
                i,
                table_name(
                    &self.tables[i].role,
                    names.last().copied().flatten().unwrap_or(""),
                ),
            )
        })
    }

    /// Finds the table that describes `name`: the nearest following table on the same side,
    /// then any table on the same side, then any table.
    pub(super) fn find_table(&self, name: &str, from: usize) -> Option<usize> {
        let want = norm_name(name);
        if want.is_empty() {
            return None;
        }
        let side = self.tables[from].side;
        let same_side = |t: &ParamTable| sides_meet(t.side, side);
        let exact = |t: &ParamTable| matches!(&t.role, Role::Named(n) if norm_name(n) == want);
        // A caption copied from a sibling page names the field in the plural or the singular
        // (`scaling_groups field description` for `scaling_group`): the last resort.
        let number = |t: &ParamTable| matches!(&t.role, Role::Named(n) if same_but_number(&norm_name(n), &want));
        // rule: name_cell_anchor (a caption that is the field's dotted path)
        let dotted = |t: &ParamTable| matches!(&t.role, Role::Named(n) if crate::rules::name_cell_anchor::dotted_caption_names(n, name));
        let search = |matches: &dyn Fn(&ParamTable) -> bool| {
            (from + 1..self.tables.len())
                .find(|&i| matches(&self.tables[i]) && same_side(&self.tables[i]))
                .or_else(|| {
                    (0..self.tables.len())
                        .find(|&i| matches(&self.tables[i]) && same_side(&self.tables[i]))
                })
                .or_else(|| (0..self.tables.len()).find(|&i| matches(&self.tables[i])))
        };
        search(&exact)
            .or_else(|| search(&dotted).filter(|&i| i != from))
            .or_else(|| search(&number).filter(|&i| i != from))
    }

    /// A table not otherwise in use (no caption names it, or it is a body root that describes
    /// nothing at the example's top level) whose rows are all keys of `example`, at least two
    /// of them: the table that describes the object the example shows.
    pub(super) fn table_by_example(
        &self,
        example: Option<&Value>,
        from: usize,
        stack: &[usize],
    ) -> Option<usize> {
        let Some(Value::Object(keys)) = example else {
            return None;
        };
        let side = self.tables[from].side;
        (0..self.tables.len())
            .filter(|&i| i != from && !stack.contains(&i))
            .filter(|&i| {
                let t = &self.tables[i];
                sides_meet(t.side, side) && matches!(t.role, Role::Unnamed)
            })
            .filter_map(|i| {
                let t = &self.tables[i];
                let names: Vec<&String> = t.row_names().collect();
                (names.len() >= 2 && names.iter().all(|n| keys.contains_key(*n)))
                    .then_some((names.len(), i))
            })
            .max()
            .map(|(_, i)| i)
    }

    /// For a row typed as an object (or a list of objects) that no table on the page
    /// describes: its [`Row::object_shape`] (whether a list, and the name the type gives).
    pub(super) fn undescribed_object(
        &self,
        f: &Row,
        from: usize,
    ) -> Option<(bool, Option<String>)> {
        let (list, name) = f.object_shape()?;
        self.lookup(
            &[f.type_link.as_deref(), name.as_deref(), Some(&f.name)],
            &hints(f),
            from,
        )
        .is_none()
        .then_some((list, name))
    }
}

/// Whether two normalised names differ only as plural and singular (`groups`/`group`,
/// `policies`/`policy`, `addresses`/`address`).
fn same_but_number(a: &str, b: &str) -> bool {
    let plural_of = |p: &str, s: &str| {
        p.strip_suffix('s') == Some(s)
            || p.strip_suffix("es") == Some(s)
            || p.strip_suffix("ies")
                .is_some_and(|stem| s.strip_suffix('y') == Some(stem))
    };
    a.len() > 2 && b.len() > 2 && (plural_of(a, b) || plural_of(b, a))
}

#[cfg(test)]
mod tests {
    #[test]
    fn plural_and_singular_names() {
        use super::same_but_number as same;
        assert!(same("scalinggroups", "scalinggroup"));
        assert!(same("policy", "policies"));
        assert!(same("addresses", "address"));
        assert!(!same("tag", "tags2"));
        assert!(!same("s", ""));
    }
}
