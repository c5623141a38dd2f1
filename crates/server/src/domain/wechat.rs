//! WeChat JS-SDK signing, as WeChat's documentation specifies it: SHA-1 over
//! `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` (keys sorted, values raw), where the
//! URL is the page's full URL without its `#fragment`.

use sha1::{Digest, Sha1};

/// The page URL as WeChat signs it: everything before `#`.
pub fn signable_url(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

pub fn signature(jsapi_ticket: &str, nonce_str: &str, timestamp: i64, url: &str) -> String {
    let plain = format!(
        "jsapi_ticket={jsapi_ticket}&noncestr={nonce_str}&timestamp={timestamp}&url={}",
        signable_url(url)
    );
    Sha1::digest(plain.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `url` is a page of the site whose public origin is `public_url` (same scheme,
/// host and port): only those are signed, so our signature cannot vouch for anyone
/// else's page.
pub fn on_our_origin(url: &str, public_url: &str) -> bool {
    match (reqwest::Url::parse(url), reqwest::Url::parse(public_url)) {
        (Ok(page), Ok(ours)) => {
            matches!(page.scheme(), "http" | "https")
                && page.origin() == ours.origin()
                && page.username().is_empty()
                && page.password().is_none()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_pages_are_signed() {
        let ours = "https://circle.example";
        for good in [
            "https://circle.example/",
            "https://circle.example/s/Ab12?from=singlemessage#top",
            "https://CIRCLE.example:443/p/1",
        ] {
            assert!(on_our_origin(good, ours), "{good}");
        }
        for bad in [
            "http://circle.example/",
            "https://circle.example:8443/",
            "https://circle.example.evil.com/",
            "https://evil.example/?https://circle.example/",
            "https://user@circle.example/",
            "javascript:alert(1)",
            "//circle.example/",
            "",
        ] {
            assert!(!on_our_origin(bad, ours), "{bad}");
        }
    }

    /// The worked example in WeChat's JS-SDK documentation (附录1-JS-SDK使用权限签名算法).
    #[test]
    fn matches_wechats_published_example() {
        assert_eq!(
            signature(
                "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
                "Wm3WZYTPz0wzccnW",
                1414587457,
                "http://mp.weixin.qq.com?params=value",
            ),
            "0f9de62fce790f9a083d5c99e95740ceb90c27ed"
        );
    }

    #[test]
    fn the_fragment_is_not_signed() {
        let t = "ticket";
        assert_eq!(
            signature(t, "n", 1, "https://x.example/s/abc?from=timeline#top"),
            signature(t, "n", 1, "https://x.example/s/abc?from=timeline")
        );
        assert_ne!(
            signature(t, "n", 1, "https://x.example/s/abc"),
            signature(t, "n", 1, "https://x.example/s/abd")
        );
    }
}
