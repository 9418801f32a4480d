//! `minilm-embed MODEL_DIR OUT` reads texts from standard input, one per line, and writes one sentence embedding
//! per line to OUT as 384 little-endian f32s: all-MiniLM-L6-v2 as sentence-transformers runs it (word pieces
//! truncated at 256, mean pooling over the tokens, unit length). Times go to standard error.

use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{anyhow, Context, Result};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(out)) = (args.next(), args.next()) else {
        return Err(anyhow!("usage: minilm-embed MODEL_DIR OUT < texts"));
    };
    let dir = PathBuf::from(dir);
    let config: Config = serde_json::from_str(
        &std::fs::read_to_string(dir.join("config.json")).context("config.json")?,
    )?;
    let device = Device::Cpu;
    // SAFETY: the weights file is only read, and nothing else writes it while we run.
    let weights = unsafe {
        VarBuilder::from_mmaped_safetensors(&[dir.join("model.safetensors")], DType::F32, &device)?
    };
    let model = BertModel::load(weights, &config)?;
    let mut tokenizer =
        tokenizers::Tokenizer::from_file(dir.join("tokenizer.json")).map_err(|e| anyhow!(e))?;
    // The shipped tokenizer.json pads every input to 128 pieces; sentence-transformers does not.
    tokenizer.with_padding(None);
    tokenizer
        .with_truncation(Some(tokenizers::TruncationParams {
            max_length: 256,
            ..Default::default()
        }))
        .map_err(|e| anyhow!(e))?;

    let mut sink = BufWriter::new(std::fs::File::create(&out).with_context(|| out.clone())?);
    let started = std::time::Instant::now();
    let (mut texts, mut pieces) = (0usize, 0usize);
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let encoding = tokenizer
            .encode(line.as_str(), true)
            .map_err(|e| anyhow!(e))?;
        pieces += encoding.get_ids().len();
        let ids = Tensor::new(encoding.get_ids(), &device)?.unsqueeze(0)?;
        let hidden = model.forward(&ids, &ids.zeros_like()?, None)?;
        let mean = hidden.mean(1)?.squeeze(0)?;
        let unit = mean.broadcast_div(&mean.sqr()?.sum_all()?.sqrt()?)?;
        for x in unit.to_vec1::<f32>()? {
            sink.write_all(&x.to_le_bytes())?;
        }
        texts += 1;
    }
    sink.flush()?;
    let elapsed = started.elapsed();
    eprintln!(
        "{texts} texts, {pieces} word pieces, {:.1} s, {:.1} ms per text",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / texts.max(1) as f64
    );
    Ok(())
}
