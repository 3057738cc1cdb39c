//! Per-thread handles to the native state behind class instances, for the
//! few hot calls that results.js makes as plain functions.
//!
//! A method call on a napi-rs class instance unwraps `this` and checks its
//! class twice (a hash-map lookup under a mutex each), and records the borrow:
//! about 200 ns, an eighth of a 1 KiB webhook verification. results.js asks
//! an instance once for its handle (a method, with all those checks) and keeps
//! it in a `WeakMap` keyed by the instance; later calls pass the number, which
//! is an index into this thread's table. The entry lives as long as the
//! instance: the instance's `Handle` removes it when napi drops the instance,
//! and the `WeakMap` entry cannot outlive the instance either. A stale or
//! forged number finds nothing (or another instance of the same class on
//! the same thread), never freed memory. results.js deletes the plain
//! functions from the exports once it holds them.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::thread::LocalKey;

use napi::Unknown;

use crate::convert::{internal_err, to_int, JsResult};

/// One thread's entries for one class.
pub struct Table<T> {
    slots: Vec<Option<Rc<T>>>,
    free: Vec<u32>,
}

impl<T> Table<T> {
    pub const fn new() -> Self {
        Table {
            slots: Vec::new(),
            free: Vec::new(),
        }
    }

    fn insert(&mut self, value: Rc<T>) -> u32 {
        match self.free.pop() {
            Some(id) => {
                self.slots[id as usize] = Some(value);
                id
            }
            None => {
                self.slots.push(Some(value));
                (self.slots.len() - 1) as u32
            }
        }
    }

    fn remove(&mut self, id: u32) {
        if let Some(slot) = self.slots.get_mut(id as usize) {
            if slot.take().is_some() {
                self.free.push(id);
            }
        }
    }
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// A thread's table for one class (`thread_local!`).
pub type TableKey<T> = LocalKey<RefCell<Table<T>>>;

/// An instance's entry: made on the first `id`, removed on drop.
pub struct Handle<T: 'static> {
    table: &'static TableKey<T>,
    id: Cell<Option<u32>>,
}

impl<T: 'static> Handle<T> {
    pub const fn new(table: &'static TableKey<T>) -> Self {
        Handle {
            table,
            id: Cell::new(None),
        }
    }

    /// The instance's handle, entering `value` into this thread's table the first time.
    pub fn id(&self, value: &Rc<T>) -> u32 {
        if let Some(id) = self.id.get() {
            return id;
        }
        let id = self.table.with(|t| t.borrow_mut().insert(Rc::clone(value)));
        self.id.set(Some(id));
        id
    }
}

impl<T: 'static> Drop for Handle<T> {
    fn drop(&mut self) {
        if let Some(id) = self.id.get() {
            // At thread exit the table may be gone already: nothing to remove then.
            let _ = self.table.try_with(|t| {
                if let Ok(mut t) = t.try_borrow_mut() {
                    t.remove(id);
                }
            });
        }
    }
}

/// The state behind the handle `v` (a number from [`Handle::id`]).
pub fn lookup<T: 'static>(table: &'static TableKey<T>, v: Unknown) -> JsResult<Rc<T>> {
    let id = to_int(v, "handle")?;
    let found = u32::try_from(id).ok().and_then(|id| {
        table.with(|t| {
            t.borrow()
                .slots
                .get(id as usize)
                .and_then(|s| s.as_ref().map(Rc::clone))
        })
    });
    found.ok_or_else(|| internal_err(format!("no live instance behind handle {id}")))
}
