//! `telecrm team …`: the Team members group.

use std::io::BufRead;
use std::process::ExitCode;

use telecrm_core::field::{Email, PhoneNumber};
use telecrm_core::{
    Availability, CreateTeamMember, GetTeamMember, ListTeamMembers, NewTeamMember, Password, Role,
    SetAvailability,
};

use crate::cli::{GlobalArgs, TeamCommand};
use crate::failure::Failure;
use crate::output;

pub(crate) async fn run(global: &GlobalArgs, command: &TeamCommand) -> Result<ExitCode, Failure> {
    match command {
        TeamCommand::List {
            include_deleted,
            skip,
            limit,
            all,
        } => {
            let paging = ListTeamMembers::paging(*skip, *limit)
                .map_err(|e| Failure::usage(format!("--limit: {e}")))?;
            let client = crate::client(global)?;
            let list = ListTeamMembers::new()
                .with_paging(paging)
                .include_deleted(*include_deleted);
            if *all {
                output::print_all_pages(client.pages(list)).await?;
            } else {
                output::send_and_print(&client, &list).await?;
            }
        }
        TeamCommand::Create {
            name,
            email,
            phone,
            role,
            password_stdin,
        } => {
            let email: Email = email.parse().map_err(Failure::usage)?;
            let phone: PhoneNumber = phone.parse().map_err(Failure::usage)?;
            let role: Role = role.parse().map_err(Failure::usage)?;
            if name.trim().is_empty() {
                return Err(Failure::usage("--name must not be empty"));
            }
            let mut member = NewTeamMember::new(name.as_str(), email, phone, role);
            if *password_stdin {
                member = member.with_password(read_password()?);
            }
            let client = crate::client(global)?;
            output::send_and_print(&client, &CreateTeamMember::new(member)).await?;
        }
        TeamCommand::Get {
            email,
            include_deleted,
        } => {
            let email: Email = email.parse().map_err(Failure::usage)?;
            let client = crate::client(global)?;
            let get = GetTeamMember::new(email).include_deleted(*include_deleted);
            output::send_and_print(&client, &get).await?;
        }
        TeamCommand::State { email, state } => {
            let email: Email = email.parse().map_err(Failure::usage)?;
            let state: Availability = state.parse().map_err(Failure::usage)?;
            let client = crate::client(global)?;
            output::send_and_print(&client, &SetAvailability::new(email, state)).await?;
        }
    }
    Ok(ExitCode::SUCCESS)
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
