//! The shares this process has shown, hydrated (author, product, photos), each with the
//! versions of the rows it was read from. A reader asks for a view at the versions the
//! database holds now (one small query, `share_views::versions`), so a view is shown
//! again only while nothing it shows has changed, whichever process changed it: the
//! versions are bumped by the database's own triggers (migration 0021), and nothing has
//! to be told. Bounded: two generations of at most `capacity / 2` views each; a view
//! read from the old one moves to the young one, and when the young one is full the old
//! one is dropped (least recently used, roughly).

use std::collections::HashMap;
use std::sync::Mutex;

/// A share's version, its product's and its author's, as read with it.
pub type Versions = (i64, i64, i64);

pub struct ViewCache<V> {
    generations: Mutex<Generations<V>>,
    half: usize,
}

struct Generations<V> {
    young: HashMap<i64, (Versions, V)>,
    old: HashMap<i64, (Versions, V)>,
}

impl<V: Clone> ViewCache<V> {
    pub fn new(capacity: usize) -> Self {
        Self {
            generations: Mutex::new(Generations {
                young: HashMap::new(),
                old: HashMap::new(),
            }),
            half: (capacity / 2).max(1),
        }
    }

    /// The view of `id` if it was read at exactly `versions`; a stale one is dropped.
    pub fn get(&self, id: i64, versions: Versions) -> Option<V> {
        let mut g = self.lock();
        if let Some((at, view)) = g.young.get(&id) {
            if *at == versions {
                return Some(view.clone());
            }
            g.young.remove(&id);
            return None;
        }
        let (at, view) = g.old.remove(&id)?;
        if at != versions {
            return None;
        }
        let found = view.clone();
        self.put_locked(&mut g, id, at, view);
        Some(found)
    }

    /// Keeps the view of `id` read at `versions`.
    pub fn put(&self, id: i64, versions: Versions, view: V) {
        let mut g = self.lock();
        self.put_locked(&mut g, id, versions, view);
    }

    pub fn len(&self) -> usize {
        let g = self.lock();
        g.young.len() + g.old.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn put_locked(&self, g: &mut Generations<V>, id: i64, versions: Versions, view: V) {
        if g.young.len() >= self.half && !g.young.contains_key(&id) {
            g.old = std::mem::take(&mut g.young);
        }
        g.old.remove(&id);
        g.young.insert(id, (versions, view));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generations<V>> {
        // A panic while holding the lock leaves whole entries only: keep using them.
        self.generations
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_is_returned_only_at_the_versions_it_was_read_at() {
        let cache = ViewCache::new(10);
        cache.put(1, (0, 0, 0), "a");
        assert_eq!(cache.get(1, (0, 0, 0)), Some("a"));
        assert_eq!(cache.get(1, (1, 0, 0)), None, "the share changed");
        assert_eq!(cache.get(1, (0, 0, 0)), None, "a stale view is dropped");
        cache.put(1, (1, 0, 0), "b");
        assert_eq!(cache.get(1, (1, 0, 1)), None, "its author changed");
        cache.put(2, (0, 0, 0), "c");
        assert_eq!(cache.get(2, (0, 1, 0)), None, "its product changed");
        assert_eq!(cache.get(3, (0, 0, 0)), None);
    }

    #[test]
    fn it_keeps_at_most_its_capacity_and_the_views_read_lately() {
        let cache = ViewCache::new(4);
        for id in 0..2 {
            cache.put(id, (0, 0, 0), id);
        }
        // 0 and 1 go to the old generation when 2 arrives; reading 0 brings it back.
        cache.put(2, (0, 0, 0), 2);
        assert_eq!(cache.get(0, (0, 0, 0)), Some(0));
        // The young generation (2, 0) is full: 3 pushes it out, dropping 1.
        cache.put(3, (0, 0, 0), 3);
        assert_eq!(cache.get(1, (0, 0, 0)), None);
        assert_eq!(cache.get(0, (0, 0, 0)), Some(0));
        assert_eq!(cache.get(2, (0, 0, 0)), Some(2));
        for id in 10..100 {
            cache.put(id, (0, 0, 0), id);
            assert!(cache.len() <= 4, "{} views kept", cache.len());
        }
    }
}
