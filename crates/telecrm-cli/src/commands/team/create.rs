//! `telecrm team create`: a new member, invited by email unless a password
//! comes on standard input (never as an argument).

use std::io::BufRead;
use std::process::ExitCode;

use telecrm_core::field::{Email, PhoneNumber};
use telecrm_core::{CreateTeamMember, NewTeamMember, Password, Role};

use crate::cli::{OutputArgs, SyncArgs};
use crate::context::Context;
use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Full name.
    #[arg(long)]
    pub(crate) name: String,

    /// Email (the login).
    #[arg(long)]
    pub(crate) email: String,

    /// Phone number: digits with the country code (919876543210).
    #[arg(long)]
    pub(crate) phone: String,

    /// ADMIN, MANAGER, CALLER or MARKETING_USER.
    #[arg(long)]
    pub(crate) role: String,

    /// Read a password from the first line of standard input (without one
    /// the member is invited by email).
    #[arg(long)]
    pub(crate) password_stdin: bool,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let email: Email = args.email.parse().map_err(Failure::usage)?;
    let phone: PhoneNumber = args.phone.parse().map_err(Failure::usage)?;
    let role: Role = args.role.parse().map_err(Failure::usage)?;
    if args.name.trim().is_empty() {
        return Err(Failure::usage("--name must not be empty"));
    }
    let mut member = NewTeamMember::new(args.name.as_str(), email, phone, role);
    if args.password_stdin {
        member = member.with_password(read_password()?);
    }
    context.print(&CreateTeamMember::new(member)).await
}

/// The first line of standard input, without its line ending: never an
/// argument, which other users of the machine could read.
fn read_password() -> Result<Password, Failure> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::usage(format!("cannot read the password from stdin: {e}")))?;
    let password = line.trim_end_matches(['\r', '\n']);
    crate::failure::register_secret(password);
    if password.is_empty() {
        return Err(Failure::usage(
            "--password-stdin: the first line of stdin is empty",
        ));
    }
    Ok(Password::new(password))
}
