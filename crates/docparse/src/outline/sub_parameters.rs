//! "Parameter | Sub-Parameter | Type | Description" tables: the fields of each object the
//! first column names become a table of their own.

use crate::blocks::{Cell, Table};
use crate::vocab::columns::{ColumnKind, Columns};
use crate::vocab::words::is_none_word;

/// A table with a second name column ("Parameter | Sub-Parameter | Type | Description", the
/// parent spanning the rows of its fields): rows whose sub-parameter is empty (`N/A`, `-`) stay
/// fields of the table; the others become one `Object` row for their parent, and a table of the
/// parent's fields (header without the parent column), returned with the parent's name.
pub fn split_sub_parameters(table: Table) -> (Table, Vec<(String, Table)>) {
    let name = Columns::position(&table.header, ColumnKind::Name);
    let sub = Columns::position(&table.header, ColumnKind::SubName);
    let (Some(name), Some(sub)) = (name, sub) else {
        return (table, Vec::new());
    };
    if sub == name {
        return (table, Vec::new());
    }
    let typ = Columns::position(&table.header, ColumnKind::Type);
    let without = |row: &[Cell], col: usize| -> Vec<Cell> {
        row.iter()
            .enumerate()
            .filter(|(i, _)| *i != col)
            .map(|(_, c)| c.clone())
            .collect()
    };
    let mut header = table.header.clone();
    header.remove(sub);
    let mut sub_header = table.header.clone();
    sub_header[sub] = "Parameter".to_string();
    sub_header.remove(name);
    let mut rows = Vec::new();
    let mut nested: Vec<(String, Table)> = Vec::new();
    for row in &table.rows {
        let parent = row.get(name).map(|c| c.text.trim()).unwrap_or("");
        let child = row.get(sub).map(|c| c.text.trim()).unwrap_or("");
        if parent.is_empty() || child.is_empty() || is_none_word(child) || child == "-" {
            rows.push(without(row, sub));
            continue;
        }
        match nested.iter_mut().find(|(p, _)| p == parent) {
            Some((_, t)) => t.rows.push(without(row, name)),
            None => {
                let mut parent_row: Vec<Cell> = header
                    .iter()
                    .map(|_| Cell {
                        text: String::new(),
                        links: Vec::new(),
                    })
                    .collect();
                let at = |col: usize| if col > sub { col - 1 } else { col };
                parent_row[at(name)].text = parent.to_string();
                if let Some(t) = typ {
                    parent_row[at(t)].text = "Object".to_string();
                }
                rows.push(parent_row);
                nested.push((
                    parent.to_string(),
                    Table {
                        header: sub_header.clone(),
                        rows: vec![without(row, name)],
                        line: table.line,
                        anchors: Vec::new(),
                    },
                ));
            }
        }
    }
    (
        Table {
            header,
            rows,
            line: table.line,
            anchors: table.anchors,
        },
        nested,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<Cell> {
        cells
            .iter()
            .map(|t| Cell {
                text: t.to_string(),
                links: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn sub_parameters_become_a_table_of_their_parent() {
        let table = Table {
            header: ["Parameter", "Sub-Parameter", "Type", "Description"]
                .map(String::from)
                .to_vec(),
            rows: vec![
                row(&["name", "N/A", "String", "Name."]),
                row(&["smn", "topic_id", "String", "Topic."]),
                row(&["smn", "on", "Boolean", "On."]),
            ],
            line: 3,
            anchors: Vec::new(),
        };
        let (top, nested) = split_sub_parameters(table);
        assert_eq!(top.header, ["Parameter", "Type", "Description"]);
        assert_eq!(
            top.rows,
            vec![
                row(&["name", "String", "Name."]),
                row(&["smn", "Object", ""])
            ]
        );
        assert_eq!(nested.len(), 1);
        assert_eq!(nested[0].0, "smn");
        assert_eq!(nested[0].1.header, ["Parameter", "Type", "Description"]);
        assert_eq!(nested[0].1.rows.len(), 2);
    }
}
