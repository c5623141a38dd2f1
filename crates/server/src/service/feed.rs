//! Reading the circle: the feed, a product's topic page, a person's shares, and topic
//! follows.

use super::{views, ApiError, ApiResult};
use crate::{
    clock::Millis,
    domain::{feed, share_json::Seen},
    store::{self, shares, timeline::Along, Store},
};
use circle_api::{Page, Person, ProductStatus, ShareView, TopSharer, Topic};
use std::collections::HashMap;

/// A card of the circle: a share as kept (`share_json`) and the friends collapsed into
/// it; written as the API's `FeedCard` by `page_json`.
pub struct Card {
    pub share: Seen,
    pub also: Vec<Person>,
}

/// 购物圈: one page of the reader's circle, best first, after `cursor`.
pub async fn page(store: &Store, reader: i64, cursor: &feed::Cursor) -> ApiResult<Page<Card>> {
    let mut db = store.conn().await?;
    let deferred = store::timeline::timeline_rows(&mut db, reader, &cursor.deferred).await?;
    let read =
        store::timeline::timeline(&mut db, reader, cursor.after, feed::ROWS_PER_PAGE).await?;
    let exhausted = (read.len() as i64) < feed::ROWS_PER_PAGE;
    let rows: Vec<feed::Row> = read.iter().map(|(row, _)| *row).collect();
    let (cards, next) = feed::page(&deferred, &rows, cursor, exhausted);
    let ids: Vec<i64> = cards.iter().map(|c| c.lead.share_id).collect();
    // The timeline read the versions of its leading rows' shares; a card led by a row
    // further on (rows before it collapsed) or deferred from an earlier page needs them read.
    let known: HashMap<i64, Along> = read
        .into_iter()
        .map(|(row, along)| (row.share_id, along))
        .collect();
    let (mut current, mut unknown) = (vec![], vec![]);
    for id in &ids {
        match known.get(id) {
            Some(Along::Current(now)) => current.push(*now),
            Some(Along::Gone) => {}
            Some(Along::Unread) | None => unknown.push(*id),
        }
    }
    current.extend(store::share_views::versions(&mut db, Some(reader), &unknown).await?);
    let mut seen: HashMap<i64, Seen> =
        views::shares_at(store, &mut db, Some(reader), &ids, &current)
            .await?
            .into_iter()
            .map(|s| (s.shared().id, s))
            .collect();
    let also_ids: Vec<i64> = cards
        .iter()
        .flat_map(|c| c.also.iter().map(|r| r.author_id))
        .collect();
    let people = people_by_id(&mut db, &also_ids).await?;
    let items = cards
        .into_iter()
        .filter_map(|c| {
            let share = seen.remove(&c.lead.share_id)?;
            // A product under review (or delisted) is out of the feed.
            if share.shared().product.status != ProductStatus::Active {
                return None;
            }
            let also = c
                .also
                .iter()
                .filter_map(|r| people.get(&r.author_id).cloned())
                .collect();
            Some(Card { share, also })
        })
        .collect();
    Ok(Page {
        items,
        next: next.map(|c| c.encode()),
    })
}

/// The page as the API's `Page<FeedCard>` JSON, each share's kept JSON copied.
pub fn page_json(page: &Page<Card>) -> String {
    let mut out = String::with_capacity(1024 * (page.items.len() + 1));
    out.push_str("{\"items\":[");
    for (i, card) in page.items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"share\":");
        card.share.write_json(&mut out);
        out.push_str(",\"also\":");
        out.push_str(&serde_json::to_string(&card.also).unwrap_or_else(|_| "[]".into()));
        out.push('}');
    }
    out.push_str("],\"next\":");
    out.push_str(&serde_json::to_string(&page.next).unwrap_or_else(|_| "null".into()));
    out.push('}');
    out
}

async fn people_by_id(db: &mut store::Db, ids: &[i64]) -> ApiResult<HashMap<i64, Person>> {
    Ok(store::social::people_by_ids(db, ids)
        .await?
        .into_iter()
        .map(|p| (p.id, views::named(p)))
        .collect())
}

/// 商品话题: the product, its verified rating, friends who bought it, its top 达人 and
/// its shares (friends' first).
pub async fn topic(store: &Store, viewer: Option<i64>, id: i64) -> ApiResult<Topic> {
    let mut db = store.conn().await?;
    let product = store::catalog::get_product(&mut db, id)
        .await?
        .map(views::product)
        .ok_or(ApiError::not_found())?;
    let (rating_sum, rating_count, description) = store::topics::product_facts(&mut db, id).await?;
    let rating_avg_centi = crate::domain::shares::average_centi(rating_sum, rating_count);
    let (friends_bought, friends_bought_sample) = match viewer {
        Some(me) => {
            let (n, sample) = store::topics::friends_bought(&mut db, me, id).await?;
            (n, sample.into_iter().map(views::named).collect())
        }
        None => (0, vec![]),
    };
    let (following, followers) = store::topics::topic_follow_state(&mut db, viewer, id).await?;
    let ids = store::topics::topic_share_ids(&mut db, viewer, id, 20).await?;
    let shares = views::shares(store, &mut db, viewer, &ids).await?;
    let questions = super::questions::on_topic(&mut db, viewer, id).await?;
    let top = store::commissions::top_sharers(&mut db, id, 3).await?;
    let top_ids: Vec<i64> = top.iter().map(|(p, _)| *p).collect();
    let people = people_by_id(&mut db, &top_ids).await?;
    let top_sharers = top
        .iter()
        .filter_map(|(p, sales)| {
            Some(TopSharer {
                person: people.get(p)?.clone(),
                sales: *sales,
            })
        })
        .collect();
    Ok(Topic {
        top_sharers,
        product,
        description,
        rating_avg_centi,
        rating_count,
        friends_bought,
        friends_bought_sample,
        following,
        followers,
        shares,
        questions,
    })
}

/// Follows a product's topic (its new shares come into the circle) or stops.
pub async fn follow_topic(
    store: &Store,
    now: Millis,
    user: i64,
    product: i64,
    follow: bool,
) -> ApiResult<()> {
    let mut tx = store.begin().await?;
    if !store::lock(&mut tx, store::Locked::Product, product).await? {
        return Err(ApiError::not_found());
    }
    store::topics::set_topic_follow(&mut tx, user, product, follow, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A person's visible shares, newest first.
pub async fn person_shares(
    store: &Store,
    viewer: Option<i64>,
    handle: &str,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<ShareView>> {
    let mut db = store.conn().await?;
    let person = store::social::person_by_handle(&mut db, None, &handle.to_ascii_lowercase())
        .await?
        .ok_or(ApiError::not_found())?;
    let ids = shares::author_share_ids(&mut db, person.id, after, limit).await?;
    let ids = super::page(ids, limit, i64::to_string);
    let items = views::shares(store, &mut db, viewer, &ids.items).await?;
    Ok(Page {
        items,
        next: ids.next,
    })
}
