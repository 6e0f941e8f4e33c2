//! Live collection (feature `aws-live`) of Directory Service: SDK responses → the raw types.
//! Errors are classified by [`crate::providers::aws::errors`].

use crate::providers::aws::collect::failed;
use crate::providers::aws::normalize::{api, Input};
use crate::providers::aws::raw;

/// `ds:DescribeDirectories` in one region, every page.
pub(crate) async fn directories(
    ds: &aws_sdk_directory::Client,
    region: &str,
) -> Input<Vec<raw::DirectoryDescription>> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = match ds
            .describe_directories()
            .set_next_token(token.take())
            .send()
            .await
        {
            Ok(p) => p,
            Err(e) => return failed(api::DIRECTORIES, &e),
        };
        out.extend(
            page.directory_descriptions()
                .iter()
                .map(|d| raw::DirectoryDescription {
                    directory_id: d.directory_id().unwrap_or_default().to_string(),
                    name: d.name().map(str::to_string),
                    directory_type: d.r#type().map(|t| t.as_str().to_string()),
                    stage: d.stage().map(|s| s.as_str().to_string()),
                    region: Some(region.to_string()),
                }),
        );
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    Input::present(api::DIRECTORIES, out)
}
